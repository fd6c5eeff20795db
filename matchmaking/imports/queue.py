"""The organizer-only queue: postings with visibility `organizers` (imported rows marked
non-public), matched by hand; each match recorded (ManualMatch)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.i18n import bilingual
from accounts.models import Organisation
from accounts.text import clean_text
from matchmaking.models import ManualMatch, Posting


def queue() -> QuerySet[Posting]:
    return (
        Posting.objects.filter(visibility=Posting.Visibility.ORGANIZERS)
        .select_related("organisation")
        .prefetch_related("manual_matches__counterpart", "manual_matches__by")
        .order_by("-created_at", "-pk")
    )


def record_match(
    user, posting: Posting, *, counterpart_id: int | None = None, counterpart_text: str = "", note: str = ""
) -> ManualMatch:
    if not (user.is_authenticated and user.is_active and user.is_staff):
        raise PermissionDenied(bilingual(_("Only organizers match non-public postings.")))
    if posting.visibility != Posting.Visibility.ORGANIZERS:
        raise ValidationError(bilingual(_("This posting is public: it is matched on the site.")), code="invalid_state")
    counterpart = None
    if counterpart_id:
        counterpart = Organisation.objects.filter(pk=counterpart_id).first()
        if counterpart is None:
            raise ValidationError({"counterpart_id": [bilingual(_("No such organisation."))]}, code="not_found")
        if counterpart.pk == posting.organisation_id:
            raise ValidationError(
                {"counterpart_id": [bilingual(_("An organisation is not matched with itself."))]}, code="invalid"
            )
    text = clean_text(counterpart_text, multiline=False)[:200]
    if counterpart is None and not text:
        raise ValidationError(
            {"counterpart_text": [bilingual(_("Name the counterpart: an organisation or a text."))]}, code="required"
        )
    return ManualMatch.objects.create(
        posting=posting, counterpart=counterpart, counterpart_text=text, note=clean_text(note)[:4000], by=user
    )
