"""The competition's refusals: one exception with the HTTP status, the code and a message
in both languages (accounts.i18n.bilingual); the API and the pages turn it into the one
error shape (live/http_api.py) or a message on the form. The codes are registered with
live's registry (competition/protocol.py), so docs/protocol.md lists them."""

from __future__ import annotations

from typing import Any

from accounts.i18n import bilingual

ERROR_CODES = {
    "application_incomplete": "An application lacks a required field (per field in `fields`).",
    "not_eligible": "An application breaks the round's eligibility rules (per field in `fields`).",
    "applications_closed": "The round takes no applications now (not open yet, closed, or a final).",
    "team_already_applied": "The person already applied with this project to this round.",
    "not_a_judge": "The person is not a judge of this round and track.",
    "judge_conflict": "The judge belongs to the team's organisation or declared a conflict with it.",
    "score_late": "The round's scoring deadline has passed: the score is refused.",
    "score_incomplete": "A score sheet must score every criterion within its range (per field).",
    "round_still_scoring": "Advancement and results wait for the round's scoring deadline.",
    "no_next_round": "The round has no next round to advance teams to.",
    "not_in_round": "The team named is not an application of this round.",
    "no_stage": "The round has no livestreamed stage (programme session).",
    "judge_already_assigned": "The person already judges this round and track.",
    "own_team": "A judge cannot be assigned to a track where they applied themselves.",
}


class Refused(Exception):
    """A refusal: nothing was changed. `fields` names the fields to blame (field -> messages)."""

    def __init__(
        self, status: int, code: str, message: Any, fields: dict[str, list[str]] | None = None, **params: Any
    ) -> None:
        text = bilingual(message, **params) if not isinstance(message, str) else message
        super().__init__(text)
        self.status = status
        self.code = code
        self.message = text
        self.fields = fields
