"""One checked row into the database, by natural keys, so that importing a file again (or a
corrected one) creates nothing twice:

- an organisation by its unified social credit code (mainland China) or registration number
  (abroad); without one, by its name, provided the contact e-mail is the one on record;
- its contact account by e-mail (made inactive, with an activation e-mail after the commit);
- a posting by (organisation, reference); a row flagged 张榜 makes it a challenge.

Runs inside the row's savepoint (runner.py): a RowProblem rolls the row back alone."""

from __future__ import annotations

import datetime as dt
import re
from collections import OrderedDict
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Interest, Organisation, OrganisationMembership, User
from matchmaking.imports.rows import CleanRow, RowError
from matchmaking.models import Posting
from matchmaking.models.challenges import Challenge
from matchmaking.models.imports import ImportedAccount, ImportJob

ORG_UPDATABLE = ("name_en", "kind", "contact_name", "contact_phone")


class RowProblem(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("; ".join(e.code for e in errors))
        self.errors = errors


@dataclass
class Outcome:
    outcome: str  # created | updated | unchanged
    organisation: Organisation
    posting: Posting
    organisation_outcome: str
    account_outcome: str


class Importer:
    """The state one job keeps between rows: the taxonomy by name (small, fixed) and the ids
    of the postings this file already wrote (a reference twice in one file is an error)."""

    def __init__(self, job: ImportJob) -> None:
        self.job = job
        self.interests: dict[str, int] = {}
        for pk, slug, name, name_en in Interest.objects.values_list("pk", "slug", "name", "name_en"):
            for label in (slug, name, name_en):
                if label:
                    self.interests.setdefault(label.strip().lower(), pk)
        self.seen_postings: dict[int, int] = {}  # posting id -> row number (ints: ~100 bytes a row)
        # The organisations (and contacts) of the last rows: an organisation's postings come in
        # runs, so most rows need no query for them. Bounded, so memory stays flat.
        self.recent: OrderedDict[tuple, tuple[Organisation, User]] = OrderedDict()

    RECENT = 256

    # ------------------------------------------------------------ organisations
    def organisation(self, data: dict) -> tuple[Organisation, str]:
        keyed = data["credit_code"] or data["registration_number"]
        org = None
        if data["credit_code"]:
            org = Organisation.objects.filter(credit_code=data["credit_code"]).first()
        elif data["registration_number"]:
            org = Organisation.objects.filter(
                registration_number=data["registration_number"], country=data["country"]
            ).first()
        by_name = Organisation.objects.filter(name=data["name"]).exclude(pk=getattr(org, "pk", None)).first()
        if org is None and by_name is not None:
            other_key = by_name.credit_code or by_name.registration_number
            if keyed and other_key:
                raise RowProblem(
                    [
                        RowError(
                            "org_name",
                            "name_taken",
                            _("another organisation (another registration number) has this name."),
                        )
                    ]
                )
            if not keyed and (by_name.contact_email or "").lower() != data["contact_email"]:
                raise RowProblem(
                    [
                        RowError(
                            "contact_email",
                            "organisation_mismatch",
                            _(
                                "an organisation of this name is registered with another contact e-mail: "
                                "give its registration number, or its e-mail on record."
                            ),
                        )
                    ]
                )
            org = by_name
        if org is None:
            return Organisation.objects.create(**data, status=Organisation.Status.VERIFIED), "created"
        changed = []
        wanted = {k: data[k] for k in ORG_UPDATABLE if data[k]}
        if keyed:
            if by_name is not None and data["name"] != org.name:
                raise RowProblem(
                    [
                        RowError(
                            "org_name",
                            "name_taken",
                            _("another organisation (another registration number) has this name."),
                        )
                    ]
                )
            wanted |= {"name": data["name"], "contact_email": data["contact_email"]}
            if data["credit_code"] and not org.credit_code:
                wanted["credit_code"] = data["credit_code"]
            if data["registration_number"] and not org.registration_number:
                wanted["registration_number"] = data["registration_number"]
        for key, value in wanted.items():
            if getattr(org, key) != value:
                setattr(org, key, value)
                changed.append(key)
        if changed:
            org.save(update_fields=changed)
            return org, "updated"
        return org, "unchanged"

    # ------------------------------------------------------------ contact accounts
    def contact(self, org: Organisation, data: dict) -> tuple[User, str]:
        email = data["email"]
        user = User.objects.filter(email__iexact=email).order_by("pk").first()
        outcome = "unchanged"
        if user is None:
            user = User(username=self._username(email), email=email, display_name=data["name"][:80], is_active=False)
            user.set_unusable_password()
            user.save()
            ImportedAccount.objects.create(job=self.job, user=user, organisation=org)
            outcome = "created"
        if not OrganisationMembership.objects.filter(organisation=org, user=user).exists():
            has_admin = OrganisationMembership.objects.filter(
                organisation=org, role=OrganisationMembership.Role.ADMIN
            ).exists()
            role = OrganisationMembership.Role.STAFF if has_admin else OrganisationMembership.Role.ADMIN
            OrganisationMembership.objects.create(organisation=org, user=user, role=role)
            outcome = "updated" if outcome == "unchanged" else outcome
        return user, outcome

    @staticmethod
    def _username(email: str) -> str:
        base = re.sub(r"[^\w.@+-]", "", email.split("@")[0])[:30] or "contact"
        candidate, n = base, 1
        while User.objects.filter(username__iexact=candidate).exists():
            n += 1
            candidate = f"{base}{n}"
        return candidate

    # ------------------------------------------------------------ postings
    def field_ids(self, names: list[str]) -> list[int]:
        ids, unknown = [], []
        for name in names:
            pk = self.interests.get(name.lower())
            if pk is None:
                unknown.append(name)
            elif pk not in ids:
                ids.append(pk)
        if unknown:
            raise RowProblem(
                [
                    RowError(
                        "fields",
                        "unknown_field",
                        _("not a field of the taxonomy: %(names)s."),
                        {"names": "、".join(unknown)},
                    )
                ]
            )
        return ids

    def posting(self, row: CleanRow, org: Organisation, author: User, number: int) -> tuple[Posting, str]:
        data = dict(row.posting)
        reference = data.pop("reference")
        field_ids = self.field_ids(row.field_names)
        values = data | {
            "kind": row.kind,
            "visibility": Posting.Visibility.PUBLIC if row.public else Posting.Visibility.ORGANIZERS,
            "featured": row.challenge,
        }
        posting = Posting.objects.filter(organisation=org, reference=reference).first()
        if posting is not None and posting.pk in self.seen_postings:
            raise RowProblem(
                [
                    RowError(
                        "reference",
                        "duplicate_reference",
                        _("this organisation's reference “%(reference)s” is already on row %(row)s of this file."),
                        {"reference": reference, "row": self.seen_postings[posting.pk]},
                    )
                ]
            )
        if posting is None:
            posting = Posting.objects.create(
                organisation=org,
                author=author,
                reference=reference,
                status=Posting.Status.PUBLISHED,
                published_at=timezone.now(),
                **values,
            )
            if field_ids:
                posting.fields.set(field_ids)
            outcome = "created"
        else:
            changed = [key for key, value in values.items() if getattr(posting, key) != value]
            for key in changed:
                setattr(posting, key, values[key])
            if changed:
                posting.save()
            if set(posting.fields.values_list("pk", flat=True)) != set(field_ids):
                posting.fields.set(field_ids)
                changed.append("fields")
            outcome = "updated" if changed else "unchanged"
        self.seen_postings[posting.pk] = number
        if row.challenge and self.challenge(posting, data["deadline"]) and outcome == "unchanged":
            outcome = "updated"
        return posting, outcome

    def challenge(self, posting: Posting, deadline: dt.date) -> bool:
        """The posting on the challenge board; True when that changed anything."""
        ends = timezone.make_aware(dt.datetime.combine(deadline, dt.time(23, 59, 59)))
        challenge = Challenge.objects.filter(posting=posting).first()
        if challenge is None:
            Challenge.objects.create(posting=posting, deadline=ends, created_by=self.job.created_by)
            return True
        if challenge.deadline != ends and challenge.status == Challenge.Status.OPEN:
            challenge.deadline = ends
            challenge.save(update_fields=["deadline"])
            return True
        return False

    def apply(self, row: CleanRow, number: int) -> Outcome:
        key = (tuple(sorted(row.org.items())), row.contact["email"], row.contact["name"])
        known = self.recent.get(key)
        if known is not None:
            # The same organisation and contact, with the same data, as a row done before in
            # this transaction (written, or already as wanted): nothing to change.
            self.recent.move_to_end(key)
            (org, user), org_outcome, account_outcome = known, "unchanged", "unchanged"
        else:
            org, org_outcome = self.organisation(row.org)
            user, account_outcome = self.contact(org, row.contact)
        posting, outcome = self.posting(row, org, user, number)
        if known is None:
            # Only once the whole row is written: a row rolled back must leave nothing here.
            self.recent[key] = (org, user)
            if len(self.recent) > self.RECENT:
                self.recent.popitem(last=False)
        if outcome == "unchanged" and "created" in (org_outcome, account_outcome):
            outcome = "updated"
        elif outcome == "unchanged" and "updated" in (org_outcome, account_outcome):
            outcome = "updated"
        return Outcome(outcome, org, posting, org_outcome, account_outcome)


def organisations_matching(q: str):
    return Organisation.objects.filter(Q(name__icontains=q) | Q(name_en__icontains=q)).order_by("name")[:20]
