"""Teams apply to a round (docs/competition.md, "Applying"): the materials are checked for
completeness first (every missing field named, code `application_incomplete`), then against
the round's eligibility rules (code `not_eligible`), then the pitch deck by its bytes
(halls.uploads.check: a PDF by content, within the size limit, not encrypted, no scripts;
its own codes `empty`, `too_large`, `bad_type`, `pdf_script` …). Nothing is stored unless
all pass."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, OrganisationMembership
from accounts.text import clean_text
from competition.errors import Refused
from competition.models import Application, CompanyStage, Round, TeamMember, Track

MB = 1024 * 1024
DEFAULT_MAX_DECK_BYTES = 20 * MB
MAX_MEMBERS = 30
REQUIRED = _("This field is required.")
COUNTRY = re.compile(r"^[A-Z]{2}$")


def max_deck_bytes() -> int:
    return int(getattr(settings, "COMPETITION_MAX_DECK_BYTES", DEFAULT_MAX_DECK_BYTES))


def _text(value: Any, *, multiline: bool = False, limit: int = 200) -> str:
    return clean_text(str(value or ""), multiline=multiline)[:limit] if value is not None else ""


def parse_members(raw: Any) -> list[dict[str, str]]:
    """Members as a list of {name, role, email}, or as text lines "name | role | email"."""
    if isinstance(raw, str):
        rows = []
        for line in raw.splitlines():
            parts = [p.strip() for p in line.split("|")]
            if any(parts):
                rows.append(
                    {
                        "name": parts[0],
                        "role": parts[1] if len(parts) > 1 else "",
                        "email": parts[2] if len(parts) > 2 else "",
                    }
                )
        return rows
    if isinstance(raw, list):
        return [m if isinstance(m, dict) else {"name": str(m)} for m in raw]
    return []


def applications_open(round_: Round, now=None) -> bool:
    now = now or timezone.now()
    if round_.is_final or round_.applications_open_at is None or round_.applications_close_at is None:
        return False
    return round_.applications_open_at <= now < round_.applications_close_at


def _check_open(round_: Round) -> None:
    if not applications_open(round_):
        raise Refused(400, "applications_closed", _("This round takes no applications now."))


def _complete(round_: Round, data: Mapping[str, Any], deck, members: list[dict[str, str]]) -> dict[str, list[str]]:
    missing: dict[str, list[str]] = {}
    required = ["track", "project_name", "summary", "country", "company_stage"]
    if round_.video_required:
        required.append("video_url")
    for name in required:
        if not str(data.get(name) or "").strip():
            missing[name] = [str(REQUIRED)]
    if deck is None:
        missing["pitch_deck"] = [str(REQUIRED)]
    if not [m for m in members if str(m.get("name") or "").strip()]:
        missing["members"] = [str(_("Name at least one team member."))]
    return missing


def _eligible(round_: Round, fields: dict[str, Any], members: list[dict[str, str]]) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    if not COUNTRY.match(fields["country"]):
        problems["country"] = [str(_("Give the country as its two-letter ISO code (DE, US, …)."))]
    elif round_.eligible_countries and fields["country"] not in round_.eligible_countries:
        problems["country"] = [
            str(_("This round is for teams from %(countries)s.") % {"countries": ", ".join(round_.eligible_countries)})
        ]
    if fields["company_stage"] not in CompanyStage.values:
        problems["company_stage"] = [str(_("Choose one of the stages offered."))]
    elif round_.eligible_stages and fields["company_stage"] not in round_.eligible_stages:
        problems["company_stage"] = [str(_("This round does not take projects at this stage."))]
    year = fields["founded_year"]
    this_year = timezone.now().year
    if year is not None and not (1900 <= year <= this_year):
        problems["founded_year"] = [str(_("Give a year between 1900 and this year."))]
    elif (
        year is not None
        and round_.max_company_age_years is not None
        and this_year - year > round_.max_company_age_years
    ):
        problems["founded_year"] = [
            str(_("The company must be at most %(years)s years old.") % {"years": round_.max_company_age_years})
        ]
    named = [m for m in members if str(m.get("name") or "").strip()]
    if not (round_.min_members <= len(named) <= min(round_.max_members, MAX_MEMBERS)):
        problems["members"] = [
            str(
                _("A team has %(min)s to %(max)s members.")
                % {"min": round_.min_members, "max": min(round_.max_members, MAX_MEMBERS)}
            )
        ]
    else:
        for member in named:
            email = str(member.get("email") or "").strip()
            if email:
                try:
                    validate_email(email)
                except ValidationError:
                    problems.setdefault("members", []).append(
                        str(_("%(email)s is not an e-mail address.") % {"email": email})
                    )
    if fields["video_url"]:
        try:
            URLValidator(schemes=["https", "http"])(fields["video_url"])
        except ValidationError:
            problems["video_url"] = [str(_("Give the video as a web address (https://…)."))]
    return problems


def _track(round_: Round, value: Any) -> Track | None:
    text = str(value or "").strip()
    tracks = Track.objects.filter(competition_id=round_.competition_id)
    if text.isdigit():
        return tracks.filter(pk=int(text)).first()
    return tracks.filter(field=text).first()


def _organisation(user, value: Any) -> Organisation | None:
    text = str(value or "").strip()
    if not text:
        return None
    if not text.isdigit() or not OrganisationMembership.objects.filter(user=user, organisation_id=int(text)).exists():
        raise Refused(
            400,
            "not_eligible",
            _("You can only apply for an organisation you belong to."),
            {"organisation": [str(_("You can only apply for an organisation you belong to."))]},
        )
    return Organisation.objects.get(pk=int(text))


@transaction.atomic
def apply(
    *, round_: Round, user, data: Mapping[str, Any], pitch_deck=None, members: Iterable | str | None = None
) -> Application:
    """A team's application, or Refused (see the module)."""
    from halls.uploads import DOCUMENT_KINDS, check

    _check_open(round_)
    members_list = parse_members(members if members is not None else data.get("members"))
    missing = _complete(round_, data, pitch_deck, members_list)
    if missing:
        raise Refused(400, "application_incomplete", _("The application is incomplete."), missing)
    track = _track(round_, data.get("track"))
    year_text = str(data.get("founded_year") or "").strip()
    fields = {
        "project_name": _text(data.get("project_name")),
        "project_name_en": _text(data.get("project_name_en")),
        "summary": _text(data.get("summary"), multiline=True, limit=5000),
        "country": str(data.get("country") or "").strip().upper(),
        "company_stage": str(data.get("company_stage") or "").strip(),
        "founded_year": int(year_text) if year_text.isdigit() else None,
        "video_url": str(data.get("video_url") or "").strip()[:200],
    }
    problems = _eligible(round_, fields, members_list)
    if track is None:
        problems["track"] = [str(_("Choose one of the competition's tracks."))]
    if year_text and not year_text.isdigit():
        problems["founded_year"] = [str(_("Give a year between 1900 and this year."))]
    if problems:
        raise Refused(400, "not_eligible", _("The application does not meet the round's rules."), problems)
    organisation = _organisation(user, data.get("organisation"))
    try:
        checked = check(pitch_deck, DOCUMENT_KINDS, max_bytes=max_deck_bytes(), what=str(_("pitch deck")))
    except ValidationError as error:
        raise Refused(
            400, error.code or "bad_type", " ".join(error.messages), {"pitch_deck": list(error.messages)}
        ) from None
    if Application.objects.filter(round=round_, applicant=user, project_name=fields["project_name"]).exists():
        raise Refused(409, "team_already_applied", _("You already applied with this project to this round."))
    application = Application(
        round=round_, track=track, applicant=user, organisation=organisation, submitted_at=timezone.now(), **fields
    )
    application.deck_pages = _pages(pitch_deck)
    application.pitch_deck.save(f"deck.{checked.kind.extension}", checked.content, save=False)
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        application.pitch_deck.delete(save=False)
        raise Refused(409, "team_already_applied", _("You already applied with this project to this round.")) from None
    TeamMember.objects.bulk_create(
        TeamMember(
            application=application,
            name=_text(m.get("name"), limit=120),
            role=_text(m.get("role"), limit=120),
            email=str(m.get("email") or "").strip()[:254],
            position=n,
        )
        for n, m in enumerate(m for m in members_list if str(m.get("name") or "").strip())
    )
    return application


def _pages(upload) -> int:
    from pypdf import PdfReader

    try:
        upload.seek(0)
        return min(len(PdfReader(upload, strict=False).pages), 32767)
    except Exception:  # checked already; a page count is a nicety
        return 0
    finally:
        upload.seek(0)


def withdraw(*, application: Application, user) -> Application:
    if application.applicant_id != user.pk and not user.is_organizer:
        raise Refused(404, "not_found", _("Not found."))
    application.status = Application.Status.WITHDRAWN
    application.save(update_fields=["status"])
    return application
