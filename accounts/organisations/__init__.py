"""我要参展: organisations register themselves, organizers verify them, their admins invite and
remove colleagues (docs/organisations.md).

    register_organisation(user, ...)   -> pending; the registrant becomes its admin
    verify_organisation / reject_organisation (organizers)   -> the admins are told
    invite_member -> an e-mail with a one-time link; accept_invitation (the invitee, logged in
    with that verified address) -> a membership; change_role; remove_member

Removing a membership deletes its row: halls watches OrganisationMembership
(live.access.watch_rights), so the person's open sockets leave the booth staff rooms at once.
Accounts is the bottom layer: what the apps above do when an organisation is verified or
rejected (a notification, halls' booth applications) they register with `on_decision`.
Refusals: ValidationError (the input, the invitation) or PermissionDenied (the person).

The package's modules: codes (the credit code, field errors), registration (register, verify,
reject, correct; the decision hooks), members (roles, removal, invitations), reads (queries and
JSON shapes). Everything is re-exported here, so `from accounts import organisations` and
`accounts.organisations.<name>` keep working.
"""

from __future__ import annotations

from accounts.organisations.codes import (
    AUTHORITIES,
    CODE_ALPHABET,
    CODE_WEIGHTS,
    credit_code_check_character,
    field_error,
    normalize_credit_code,
    validate_credit_code,
)
from accounts.organisations.members import (
    INVITATION_DAYS,
    accept_invitation,
    admin_page,
    change_role,
    check_invitation,
    hash_invitation_token,
    invitation_for_token,
    invitation_link,
    invite_member,
    membership_of,
    remove_member,
    require_admin,
    revoke_invitation,
    verified_addresses,
)
from accounts.organisations.reads import (
    invitation_out,
    member_out,
    members,
    open_invitations,
    organisation_out,
    organisations_of,
    verification_queue,
)
from accounts.organisations.registration import (
    Role,
    Status,
    on_decision,
    register_organisation,
    reject_organisation,
    update_registration,
    verify_organisation,
)

__all__ = [
    "AUTHORITIES",
    "CODE_ALPHABET",
    "CODE_WEIGHTS",
    "INVITATION_DAYS",
    "Role",
    "Status",
    "accept_invitation",
    "admin_page",
    "change_role",
    "check_invitation",
    "credit_code_check_character",
    "field_error",
    "hash_invitation_token",
    "invitation_for_token",
    "invitation_link",
    "invitation_out",
    "invite_member",
    "member_out",
    "members",
    "membership_of",
    "normalize_credit_code",
    "on_decision",
    "open_invitations",
    "organisation_out",
    "organisations_of",
    "register_organisation",
    "reject_organisation",
    "remove_member",
    "require_admin",
    "revoke_invitation",
    "update_registration",
    "validate_credit_code",
    "verification_queue",
    "verified_addresses",
    "verify_organisation",
]
