"""Who has a relationship with whom, beyond sharing a room: the rules other apps add.

Used where one person reaches out to another (calls): a person may reach people they know
through an organisation (colleagues), a booth (halls: a visitor who left a contact or a call
request and that organisation's staff), or an earlier answered call (streams). Each rule
answers, for one person and some candidates, which candidates are related; rules run in the
database thread.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from accounts.models import OrganisationMembership

# (person id, candidate ids) -> the candidates related to that person.
ContactRule = Callable[[int, set[int]], set[int]]

_rules: list[ContactRule] = []


def register_contact_rule(rule: ContactRule) -> None:
    if rule not in _rules:
        _rules.append(rule)


def colleagues(user_id: int, candidate_ids: set[int]) -> set[int]:
    """Members of an organisation the person belongs to."""
    mine = OrganisationMembership.objects.filter(user_id=user_id).values("organisation_id")
    return set(
        OrganisationMembership.objects.filter(organisation_id__in=mine, user_id__in=candidate_ids).values_list(
            "user_id", flat=True
        )
    )


def related_ids(user_id: int, candidate_ids: Iterable[int]) -> set[int]:
    """The candidates related to the person by any rule (sync: queries)."""
    left = set(candidate_ids) - {user_id}
    found: set[int] = set()
    for rule in [colleagues, *_rules]:
        if not left:
            break
        hits = rule(user_id, left) & left
        found |= hits
        left -= hits
    return found
