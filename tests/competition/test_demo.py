"""The demo loads (twice: idempotent), and docs/competition.md's worked example is what the
code computes and what the demo's ranking in the database says."""

from __future__ import annotations

from pathlib import Path

from django.core.management import call_command

from competition import demo, results
from competition.models import Competition, Field, Round

DOC = Path(__file__).resolve().parents[2] / "docs" / "competition.md"


def test_doc_holds_the_computed_worked_example():
    text = DOC.read_text()
    block = text.split("<!-- worked-example:start -->\n", 1)[1].split("\n<!-- worked-example:end -->", 1)[0]
    assert block == demo.worked_example()


def test_demo_loads_and_agrees_with_the_example(db, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    call_command("load_demo_competition")
    call_command("load_demo_competition")
    comp = Competition.objects.get()
    assert comp.tracks.count() == 7 and comp.rounds.count() == 3
    prelim = Round.objects.get(name_en="Berlin preliminary")
    assert prelim.results_published_at is not None
    rows = results.track_ranking(prelim, comp.tracks.get(field=Field.ELECTRONIC_INFORMATION))
    example = {line.split(" | ")[0].strip("| "): line for line in demo.worked_example().splitlines()[2:]}
    for row in rows:
        key = next(k for k, v in demo.TEAMS.items() if v[1] == row.application.project_name_en)
        cells = [c.strip() for c in example[key].strip("|").split("|")]
        assert cells[-1] == str(row.rank)
        assert cells[-2] == f"{row.normalised:+.3f}" and cells[-3] == f"{row.raw_mean:.2f}"
    assert [r.judges for r in rows] == [3, 3, 3, 3]
