"""Postings: create a draft, edit, publish, close, delete a draft, attachments."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.i18n import bilingual
from accounts.models import Interest, Organisation, User
from accounts.text import clean_text
from matchmaking import attachments, rules
from matchmaking.models import Posting, PostingAttachment
from matchmaking.models.postings import BODY_MAX, TERMS_MAX, TITLE_MAX
from translation.services import forget as forget_translations

Kind = Posting.Kind
Status = Posting.Status
COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")
MAX_FIELDS = 10
MAX_LANGUAGES = 10
MAX_ATTACHMENTS = 10
TEXT_FIELDS = {
    # name: (max length, multiline)
    "title": (TITLE_MAX, False),
    "title_en": (TITLE_MAX, False),
    "body": (BODY_MAX, True),
    "body_en": (BODY_MAX, True),
    "province": (100, False),
    "city": (100, False),
    "budget": (200, False),
    "terms": (TERMS_MAX, True),
    "terms_en": (TERMS_MAX, True),
    "reference": (64, False),
}
EDITABLE = (*TEXT_FIELDS, "kind", "subkind", "fields", "country", "languages", "deadline", "visibility")


def _error(errors: dict[str, list[str]], field: str, message) -> None:
    errors.setdefault(field, []).append(bilingual(message))


def clean_posting_data(data: dict[str, Any], *, current: Posting | None = None) -> tuple[dict[str, Any], list | None]:
    """The posting's new values (and its fields of the taxonomy, None = unchanged) from
    `data`, or ValidationError naming every bad field. Unknown keys are ignored."""
    errors: dict[str, list[str]] = {}
    out: dict[str, Any] = {}
    for name, (limit, multiline) in TEXT_FIELDS.items():
        if data.get(name) is None:
            continue
        value = clean_text(data[name], multiline=multiline)
        if len(value) > limit:
            _error(errors, name, _("At most %(n)s characters.") % {"n": limit})
        out[name] = value
    if data.get("kind") is not None:
        if data["kind"] not in Kind.values:
            _error(errors, "kind", _("Choose a kind: project cooperation, talent demand or HR services."))
        out["kind"] = data["kind"]
    if data.get("subkind") is not None:
        if data["subkind"] not in ("", *Posting.Subkind.values):
            _error(errors, "subkind", _("Choose a type of project cooperation from the list."))
        out["subkind"] = data["subkind"]
    if data.get("visibility") is not None:
        if data["visibility"] not in Posting.Visibility.values:
            _error(errors, "visibility", _("Choose public or organizers only."))
        out["visibility"] = data["visibility"]
    if data.get("country") is not None:
        code = clean_text(data["country"], multiline=False).upper()
        if code and not COUNTRY_CODE.match(code):
            _error(errors, "country", _("Use a two-letter country or region code (ISO 3166-1)."))
        out["country"] = code
    if data.get("languages") is not None:
        value = data["languages"]
        codes = [clean_text(v, multiline=False).lower() for v in value] if isinstance(value, list) else None
        if codes is None or len(codes) > MAX_LANGUAGES or not all(LANGUAGE_CODE.match(c) for c in codes):
            _error(errors, "languages", _("Use language codes such as zh, en, fr (at most %(n)s).") % {"n": 10})
        else:
            out["languages"] = list(dict.fromkeys(codes))
    if "deadline" in data:
        value = data["deadline"]
        if value in (None, ""):
            out["deadline"] = None
        elif isinstance(value, date):
            out["deadline"] = value
        else:
            try:
                out["deadline"] = date.fromisoformat(str(value))
            except ValueError:
                _error(errors, "deadline", _("Give the deadline as a date (YYYY-MM-DD)."))
    interests = None
    if data.get("fields") is not None:
        value = data["fields"]
        slugs = [str(v)[:64] for v in value] if isinstance(value, list) else None
        found = list(Interest.objects.filter(slug__in=slugs)) if slugs is not None else []
        if slugs is None or len(found) != len(set(slugs)) or len(found) > MAX_FIELDS:
            _error(errors, "fields", _("Choose up to %(n)s fields from the list.") % {"n": MAX_FIELDS})
        else:
            interests = found
    # The whole posting after the change: the checks that look at several fields.
    merged = {key: getattr(current, key) for key in ("title", "kind", "subkind")} if current else {}
    merged.update(out)
    if "title" in merged and not merged.get("title") and "title" not in errors:
        _error(errors, "title", _("Give the posting a title."))
    if current is None and not out.get("title") and "title" not in errors:
        _error(errors, "title", _("Give the posting a title."))
    if current is None and "kind" not in out and "kind" not in errors:
        _error(errors, "kind", _("Choose a kind: project cooperation, talent demand or HR services."))
    if merged.get("subkind") and merged.get("kind") != Kind.PROJECT and "subkind" not in errors:
        _error(errors, "subkind", _("Only project cooperation postings have a type."))
    if errors:
        raise ValidationError({k: [ValidationError(m, code="invalid") for m in v] for k, v in errors.items()})
    return out, interests


def _organisation_for(user: User, organisation_id: int | None) -> Organisation:
    """The organisation the user acts for: the one named (they must be a member), or their
    only one."""
    rules.require_login(user)
    ids = rules.member_org_ids(user)
    if organisation_id is None:
        if len(ids) != 1:
            raise ValidationError(
                {
                    "organisation_id": ValidationError(
                        bilingual(_("Say which of your organisations this is for.")), code="organisation_required"
                    )
                }
                if ids
                else bilingual(_("Join or register an organisation first.")),
                code="organisation_required",
            )
        organisation_id = next(iter(ids))
    if organisation_id not in ids:
        raise PermissionDenied(bilingual(_("Only members of the organisation may do this.")))
    return Organisation.objects.get(pk=organisation_id)


def _reference_free(organisation: Organisation, reference: str, exclude: int | None = None) -> None:
    if not reference:
        return
    taken = Posting.objects.filter(organisation=organisation, reference=reference).exclude(pk=exclude).exists()
    if taken:
        raise ValidationError(
            {
                "reference": ValidationError(
                    bilingual(_("Another posting of this organisation has this reference.")), code="reference_taken"
                )
            }
        )


# The texts matchmaking shows in the reader's language (translation.selectors).
TRANSLATED_FIELDS = ("title", "title_en", "body", "body_en", "terms", "terms_en")


@transaction.atomic
def create_posting(*, user: User, organisation_id: int | None = None, publish: bool = False, **data: Any) -> Posting:
    """A draft of the user's organisation (published at once with `publish`)."""
    organisation = _organisation_for(user, organisation_id)
    values, interests = clean_posting_data(data)
    if values.get("visibility") == Posting.Visibility.ORGANIZERS and not rules.is_organizer(user):
        values.pop("visibility")  # the non-public queue is the organizers' (imports)
    _reference_free(organisation, values.get("reference", ""))
    posting = Posting.objects.create(organisation=organisation, author=user, **values)
    if interests:
        posting.fields.set(interests)
        posting.save(update_fields=["updated_at"])  # re-indexed with its fields
    if publish:
        posting = publish_posting(posting=posting, user=user)
    return posting


def posting_for_edit(user: User, posting_id: int) -> Posting:
    rules.require_login(user)
    posting = Posting.objects.select_related("organisation").filter(pk=posting_id).first()
    if posting is None or not rules.can_see_posting(user, posting):
        raise rules.NotFound()
    if not rules.can_edit_posting(user, posting):
        raise PermissionDenied(bilingual(_("Only members of the organisation may change its postings.")))
    return posting


@transaction.atomic
def update_posting(*, posting: Posting, user: User, **data: Any) -> Posting:
    posting = posting_for_edit(user, posting.pk)
    values, interests = clean_posting_data({k: v for k, v in data.items() if k in EDITABLE}, current=posting)
    if "visibility" in values and not rules.is_organizer(user):
        values.pop("visibility")
    if "reference" in values:
        _reference_free(posting.organisation, values["reference"], exclude=posting.pk)
    replaced = [getattr(posting, f) for f in TRANSLATED_FIELDS if f in values and values[f] != getattr(posting, f)]
    for key, value in values.items():
        setattr(posting, key, value)
    posting.save()
    # The stored machine translations of a text that is no longer the posting's must not
    # outlive it (translation.services.forget).
    transaction.on_commit(lambda: forget_translations(t for t in replaced if t))
    if interests is not None:
        posting.fields.set(interests)
        posting.save(update_fields=["updated_at"])  # re-indexed with its fields
    return posting


@transaction.atomic
def publish_posting(*, posting: Posting, user: User, today: date | None = None) -> Posting:
    posting = posting_for_edit(user, posting.pk)
    if not posting.organisation.is_verified:
        raise ValidationError(
            bilingual(_("The organisation publishes once the organizers have verified it.")),
            code="organisation_not_verified",
        )
    if posting.status == Status.PUBLISHED:
        raise ValidationError(bilingual(_("This posting is published already.")), code="already_published")
    today = today or timezone.localdate()
    if posting.deadline is not None and posting.deadline < today:
        raise ValidationError(
            {
                "deadline": ValidationError(
                    bilingual(_("The deadline has passed: set a later one.")), code="deadline_passed"
                )
            }
        )
    if not (posting.body or posting.body_en):
        raise ValidationError(
            {"body": ValidationError(bilingual(_("Describe the posting before publishing it.")), code="body_required")}
        )
    posting.status = Status.PUBLISHED
    posting.published_at = timezone.now()
    posting.closed_at = None
    posting.save()
    return posting


@transaction.atomic
def close_posting(*, posting: Posting, user: User) -> Posting:
    posting = posting_for_edit(user, posting.pk)
    if posting.status != Status.PUBLISHED:
        raise ValidationError(bilingual(_("Only a published posting can be closed.")), code="not_published")
    posting.status = Status.CLOSED
    posting.closed_at = timezone.now()
    posting.save()
    return posting


@transaction.atomic
def delete_posting(*, posting: Posting, user: User) -> None:
    posting = posting_for_edit(user, posting.pk)
    if posting.status != Status.DRAFT:
        raise ValidationError(
            bilingual(_("Only a draft can be deleted; close a published posting instead.")), code="not_draft"
        )
    texts = [getattr(posting, f) for f in TRANSLATED_FIELDS]
    posting.delete()
    transaction.on_commit(lambda: forget_translations(t for t in texts if t))


@transaction.atomic
def add_attachment(*, posting: Posting, user: User, upload) -> PostingAttachment:
    posting = posting_for_edit(user, posting.pk)
    if posting.attachments.count() >= MAX_ATTACHMENTS:
        raise ValidationError(
            bilingual(_("A posting has at most %(n)s attachments."), n=MAX_ATTACHMENTS), code="too_many_attachments"
        )
    checked = attachments.check(upload)
    row = PostingAttachment(
        posting=posting,
        name=attachments.display_name(upload),
        content_type=checked.kind.content_type,
        size=checked.size,
        uploaded_by=user,
    )
    row.file.save(attachments.stored_name(checked), checked.content, save=False)
    row.save()
    return row


@transaction.atomic
def remove_attachment(*, posting: Posting, user: User, attachment_id: int) -> None:
    posting = posting_for_edit(user, posting.pk)
    row = posting.attachments.filter(pk=attachment_id).first()
    if row is None:
        raise rules.NotFound()
    storage, name = row.file.storage, row.file.name
    row.delete()
    transaction.on_commit(lambda: storage.delete(name))  # a rolled-back delete keeps its file
