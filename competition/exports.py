"""The organizers' XLSX exports of a round (openpyxl): the applications, the scores per judge
and criterion (raw values, the sheet's weighted total, the judge's z-score, the comment),
and the rankings per track. Cells that a spreadsheet would read as a formula are quoted."""

from __future__ import annotations

import io
from collections.abc import Iterable

from openpyxl import Workbook

from competition import results, scoring
from competition.models import Application, Round

KINDS = ("applications", "scores", "rankings")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell(value):
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def _book(title: str, header: list[str], rows: Iterable[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(header)
    for row in rows:
        sheet.append([_cell(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def applications(round_: Round) -> bytes:
    apps = (
        Application.objects.filter(round=round_)
        .select_related("track", "organisation", "applicant")
        .prefetch_related("members")
    )
    rows = [
        [
            a.pk,
            a.track.name_zh,
            a.track.name_en,
            a.project_name,
            a.project_name_en,
            a.organisation.name if a.organisation else "",
            a.applicant.public_name,
            a.country,
            a.company_stage,
            a.founded_year,
            "; ".join(f"{m.name} ({m.role})" if m.role else m.name for m in a.members.all()),
            a.video_url,
            a.deck_pages,
            a.status,
            a.submitted_at.isoformat(),
        ]
        for a in apps
    ]
    header = [
        "id", "track", "track_en", "project", "project_en", "organisation", "applicant", "country",
        "stage", "founded", "members", "video", "deck_pages", "status", "submitted_at",
    ]  # fmt: skip
    return _book("applications", header, rows)


def scores(round_: Round) -> bytes:
    criteria = list(round_.criteria.all())
    specs = results._specs(round_)
    sheets = results.counted_sheets(round_)
    # z-scores per judge within each track, as the ranking computes them
    totals: dict[tuple[int, int], dict[int, float]] = {}
    for sheet in sheets:
        totals.setdefault((sheet.application.track_id, sheet.judge_id), {})[sheet.application_id] = results.sheet_total(
            sheet, specs
        )
    z = {key: scoring.judge_z_scores(by_team) for key, by_team in totals.items()}
    rows = []
    for sheet in sheets:
        values = {s.criterion_id: float(s.value) for s in sheet.scores.all()}
        key = (sheet.application.track_id, sheet.judge_id)
        rows.append(
            [
                sheet.judge.public_name,
                sheet.application.pk,
                sheet.application.project_name,
                *[values.get(c.pk) for c in criteria],
                round(totals[key][sheet.application_id], 4),
                round(z[key][sheet.application_id], 4),
                sheet.comment,
                sheet.updated_at.isoformat(),
            ]
        )
    header = [
        "judge", "application", "project", *[f"{c.name} (w{c.weight}, /{c.max_score})" for c in criteria],
        "weighted_total", "z_score", "comment", "updated_at",
    ]  # fmt: skip
    return _book("scores", header, rows)


def rankings(round_: Round) -> bytes:
    rows = []
    for track, ranked in results.ranking(round_):
        for row in ranked:
            rows.append(
                [
                    track.name_zh,
                    track.name_en,
                    row.rank,
                    row.application.pk,
                    row.application.project_name,
                    None if row.normalised is None else round(row.normalised, 4),
                    None if row.raw_mean is None else round(row.raw_mean, 4),
                    None if row.top_criterion_mean is None else round(row.top_criterion_mean, 4),
                    row.judges,
                    "yes" if row.proposed else "",
                    "yes" if row.advanced else "",
                ]
            )
    header = [
        "track", "track_en", "rank", "application", "project", "normalised", "raw_mean",
        "top_criterion_mean", "judges", "proposed", "advanced",
    ]  # fmt: skip
    return _book("rankings", header, rows)


def export(round_: Round, kind: str) -> bytes:
    return {"applications": applications, "scores": scores, "rankings": rankings}[kind](round_)
