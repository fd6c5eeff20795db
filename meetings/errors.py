"""The refusals of meetings (registered with live.registry.register_error_codes)."""

from __future__ import annotations

TOO_MANY_PEOPLE = "meeting_too_large"
TOO_MANY_SLOTS = "meeting_slots"
OUTSIDE_AVAILABILITY = "meeting_unavailable"
DOUBLE_BOOKED = "meeting_double_booked"
SLOT_IN_PAST = "meeting_slot_past"
NOT_OPEN = "meeting_not_open"

DESCRIPTIONS = {
    TOO_MANY_PEOPLE: "A meeting has at most six people, the organiser included.",
    TOO_MANY_SLOTS: "A proposal has one to three slots.",
    OUTSIDE_AVAILABILITY: "A proposed slot lies outside an invitee's availability windows.",
    DOUBLE_BOOKED: "A participant has an accepted meeting overlapping that time.",
    SLOT_IN_PAST: "A slot starts in the past.",
    NOT_OPEN: "The meeting's call and chat open 10 minutes before it starts, for its participants.",
}
