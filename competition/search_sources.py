"""The competition in the site's search (docs/search.md, docs/competition.md "Search"): its
rounds (name, site, country, the competition) and the teams of the rounds whose results are
published, by project name, track and round (what the public page shows: the team and its
rank, never the summary or the scores). Registered in CompetitionConfig.ready()."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.utils import translation

from search.registry import Entry, register_source


def _url(round_: Any) -> str:
    return f"/competition/{round_.competition.slug}/#round-{round_.pk}"


def round_entries(round_: Any) -> list[Entry]:
    comp = round_.competition
    with translation.override("zh-hans"):
        kind_zh = str(round_.get_kind_display())
    with translation.override("en"):
        kind_en = str(round_.get_kind_display())
    return [
        Entry(
            round_.pk,
            title_zh=round_.name,
            title_en=round_.name_en,
            body_zh=" ".join(filter(None, [comp.name, kind_zh, round_.site, round_.country])),
            body_en=" ".join(filter(None, [comp.name_en, kind_en, round_.site_en, round_.country])),
            url=_url(round_),
        )
    ]


def team_entries(application: Any) -> list[Entry]:
    """A team only once its round's results are published (and it has not withdrawn)."""
    round_ = application.round
    if round_.results_published_at is None or application.status != "submitted":
        return []
    track = application.track
    return [
        Entry(
            application.pk,
            title_zh=application.project_name,
            title_en=application.project_name_en,
            body_zh=" ".join(filter(None, [round_.competition.name, round_.name, track.name_zh, application.country])),
            body_en=" ".join(
                filter(None, [round_.competition.name_en, round_.name_en, track.name_en, application.country])
            ),
            url=_url(round_),
        )
    ]


def _round_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    # Publishing (or withdrawing) a round's results shows (or hides) its teams.
    if raw:
        return
    from search.services import reindex

    reindex("competition_team", instance.applications.values_list("pk", flat=True))


def register() -> None:
    from competition.models import Application, Round

    register_source(
        "competition_round",
        label_zh="大赛赛程",
        label_en="Competition rounds",
        model=Round,
        entries=round_entries,
        queryset=lambda: Round.objects.select_related("competition"),
        order=40,
    )
    register_source(
        "competition_team",
        label_zh="参赛项目",
        label_en="Competition teams",
        model=Application,
        entries=team_entries,
        queryset=lambda: Application.objects.select_related("round", "round__competition", "track"),
        order=41,
    )
    post_save.connect(_round_saved, sender=Round, dispatch_uid="competition.search_round_saved")
