"""What the competition tells the teams (through notifications.services.notify, the one send
service; docs/competition.md, "Notifications"): a team that advances hears of it when the
organizer confirms the advancement; every team of a round hears its result when the round's
results are published (rank, and whether it advanced or not). Each goes to the applicant's
notifications (bell, inbox) and, per their e-mail preference for the kind, by e-mail."""

from __future__ import annotations

from collections.abc import Iterable

from notifications.kinds import register_kind
from notifications.services import notify

KINDS = {
    # key: (label zh, label en, e-mail by default)
    "competition.advanced": ("大赛晋级", "Competition: advancing to the next round", True),
    "competition.results": ("大赛结果", "Competition: round results", True),
}


def register_kinds() -> None:
    for key, (label_zh, label_en, email_default) in KINDS.items():
        register_kind(key, label_zh=label_zh, label_en=label_en, email_default=email_default)


def _url(round_) -> str:
    return f"/competition/{round_.competition.slug}/#round-{round_.pk}"


def advanced(round_, copies: Iterable) -> None:
    """The teams just advanced from `round_` (their new applications in the next round).
    In the caller's transaction: nothing is sent unless the advancement commits."""
    nxt = round_.next_round
    for copy in copies:
        project_zh = copy.project_name
        project_en = copy.project_name_en or copy.project_name
        notify(
            copy.applicant_id,
            "competition.advanced",
            title_zh=f"恭喜！「{project_zh}」晋级{nxt.name}",
            title_en=f"Congratulations: {project_en} advances to {nxt.name_en or nxt.name}",
            body_zh=f"「{project_zh}」在{round_.name}中晋级{nxt.name}。",
            body_en=f"{project_en} advances from {round_.name_en or round_.name} to {nxt.name_en or nxt.name}.",
            url=_url(nxt),
            context={"round": round_.pk, "next_round": nxt.pk, "application": copy.pk},
        )


def results_published(round_, ranking) -> None:
    """Every team of the round ranked in `ranking` (competition.results.ranking): its rank and
    whether it advanced; teams no judge scored hear that they were not ranked."""
    name_en = round_.name_en or round_.name
    for _track, rows in ranking:
        for row in rows:
            app = row.application
            project_zh, project_en = app.project_name, app.project_name_en or app.project_name
            if row.rank is None:
                body_zh, body_en = f"「{project_zh}」未获评分排名。", f"{project_en} was not ranked."
            else:
                body_zh = f"「{project_zh}」在{app.track.name_zh}赛道排名第{row.rank}。"
                body_en = f"{project_en} ranks {row.rank} in the {app.track.name_en} track."
            if row.advanced:
                body_zh += "已晋级下一轮。"
                body_en += " It advances to the next round."
            elif round_.next_round_id:
                body_zh += "未能晋级下一轮。"
                body_en += " It does not advance to the next round."
            notify(
                app.applicant_id,
                "competition.results",
                title_zh=f"{round_.name}结果已公布",
                title_en=f"Results of {name_en} published",
                body_zh=body_zh,
                body_en=body_en,
                url=_url(round_),
                context={"round": round_.pk, "application": app.pk, "rank": row.rank, "advanced": row.advanced},
            )
