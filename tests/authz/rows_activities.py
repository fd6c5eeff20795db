"""The activities app's rows of the authorization table (merged into tests/authz/table.py; the
columns and shorthands are there). One file per app, so that apps built side by side do not
edit the same lines.

The world (extend_world): two partner sub-venues of the world's conference. own_staff
organizes "ours" (authz-ours), other_staff organizes "theirs" (authz-theirs); the world's
moderator moderates the main conference only. The routes name "ours": its organizer and the
conference's organizers get through, the other sub-venue's organizer does not (403), and no
sub-venue role reaches the main conference's stage (the socket table: own_staff and other_staff
are refused every moderation command on the world's stage room)."""

from __future__ import annotations

from typing import Any

from tests.authz.table import PUBLIC

SUBVENUE_ORGANIZERS = "401 403 403 200 403 200 403 401"
SUBVENUE_ORGANIZERS_204 = "401 403 403 204 403 204 403 401"
SUBVENUE_ORGANIZERS_400 = "401 403 403 400 403 400 403 401"
BODY_422 = "401 422 422 422 422 422 422 401"
PRESENTER_OR_ORGANIZERS = "401 200 403 200 403 200 403 401"  # the attendee presents a pitch

ROUTES: dict[tuple[str, str], str] = {
    ("GET", "api/activities/subvenues"): PUBLIC,
    ("POST", "api/activities/subvenues"): BODY_422,
    ("GET", "api/activities/subvenues/<slug>"): PUBLIC,
    ("PATCH", "api/activities/subvenues/<slug>"): SUBVENUE_ORGANIZERS,
    ("POST", "api/activities/subvenues/<slug>/staff"): SUBVENUE_ORGANIZERS_400,
    ("DELETE", "api/activities/subvenues/<slug>/staff/<int:user_id>"): SUBVENUE_ORGANIZERS_204,
    ("POST", "api/activities/subvenues/<slug>/sessions"): SUBVENUE_ORGANIZERS_400,
    ("PATCH", "api/activities/sessions/<int:session_id>"): SUBVENUE_ORGANIZERS,
    ("DELETE", "api/activities/sessions/<int:session_id>"): SUBVENUE_ORGANIZERS_204,
    ("GET", "api/activities/subvenues/<slug>/calendar.ics"): PUBLIC,
    # ---- pages (frontend/urls_activities.py); an empty form is the 400
    ("GET", "subvenues/"): PUBLIC,
    ("GET", "subvenues/<slug:slug>/"): PUBLIC,
    ("POST", "subvenues/<slug:slug>/"): "403 403 403 400 403 400 403 403",
    # ---- roadshows: "ours"'s session is one, its pitch presented by the attendee
    ("POST", "api/activities/roadshows"): BODY_422,
    ("GET", "api/activities/roadshows/<int:session_id>"): PUBLIC,
    ("POST", "api/activities/roadshows/<int:session_id>/pitches"): SUBVENUE_ORGANIZERS_400,
    # empty body: no slot (the presenter: their own pitch); all refused for the input
    ("POST", "api/activities/pitches/<int:pitch_id>/meeting-requests"): "401 400 400 400 400 400 400 401",
    ("GET", "api/activities/roadshows/<int:session_id>/report"): PRESENTER_OR_ORGANIZERS,
    ("GET", "roadshows/<int:session_id>/"): PUBLIC,
    ("GET", "roadshows/<int:session_id>/report/"): "302 200 403 200 403 200 403 302",
    # pitch media: the presenter (attendee) and the organizers get as far as their empty form
    ("POST", "api/activities/pitches/<int:pitch_id>/media"): "401 400 403 400 403 400 403 401",
    ("POST", "roadshows/<int:session_id>/pitches/<int:pitch_id>/media/"): "302 400 403 400 403 400 403 302",
    # nothing uploaded for the pitch: 404 for everyone
    ("GET", "api/activities/pitches/<int:pitch_id>/slides"): "404 404 404 404 404 404 404 404",
    ("GET", "api/activities/pitches/<int:pitch_id>/video"): "404 404 404 404 404 404 404 404",
    # ---- consultations: own_staff submitted a case to "theirs" (other_staff organizes it)
    ("POST", "api/activities/cases"): "401 403 403 403 403 403 403 401",  # for no organisation of theirs
    ("GET", "api/activities/cases/<int:case_id>"): "401 404 200 200 404 200 404 401",
    ("POST", "api/activities/cases/<int:case_id>/transitions"): "401 404 400 403 404 400 404 401",
    ("POST", "api/activities/cases/<int:case_id>/rating"): "401 404 403 400 404 403 404 401",
    # the submitter and the organizers add documents (an empty form: 400); participants download
    ("POST", "api/activities/cases/<int:case_id>/documents"): "401 404 400 400 404 400 404 401",
    ("GET", "api/activities/cases/<int:case_id>/documents/<int:document_id>"): "401 404 200 200 404 200 404 401",
    # ---- consultation pages; an empty form is the 400 (a person of no organisation included)
    ("GET", "consultations/"): "302 200 200 200 200 200 200 302",
    ("GET", "consultations/new/"): "302 200 200 200 200 200 200 302",
    ("POST", "consultations/new/"): "302 400 400 400 400 400 400 302",
    ("GET", "consultations/queue/"): "302 403 200 200 403 200 403 302",
    ("GET", "consultations/<int:case_id>/"): "302 404 200 200 404 200 404 302",
    ("POST", "consultations/<int:case_id>/"): "302 404 400 400 404 400 404 302",
    ("GET", "consultations/<int:case_id>/documents/<int:document_id>/"): "302 404 200 200 404 200 404 302",
}

# socket commands: name -> answers per role (as SOCKET_TABLE)
# On the world's stage room, which is no roadshow: those who run it get as far as not_found;
# a sub-venue's organizer (own_staff, other_staff) does not run the main conference's stage.
SOCKET: dict[str, str] = {
    "roadshow.go": "auth_required forbidden forbidden forbidden not_found not_found forbidden auth_required",
    "roadshow.seen": "auth_required " + "not_found " * 6 + "auth_required",
}


def extend_world(world) -> None:
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from accounts.models import Organisation
    from activities import subvenues
    from activities.models import SubVenueStaff
    from streams.models import Event

    users = world.users
    organizer = users["organizer"]
    event = Event.objects.get(slug=world.ids["event"])
    made = {}
    for key, staff in (("ours", users["own_staff"]), ("theirs", users["other_staff"])):
        partner = Organisation.objects.create(name=f"分会场主办方 {key}", kind=Organisation.Kind.GOVERNMENT)
        subvenue = subvenues.create_subvenue(
            by=organizer,
            event=event,
            organisation_id=partner.pk,
            slug=f"authz-{key}",
            name=f"分会场 {key}",
            region=f"region-{key}",
        )
        SubVenueStaff.objects.create(subvenue=subvenue, user=staff, role=SubVenueStaff.Role.ORGANIZER)
        now = timezone.now()
        session = subvenues.create_session(
            by=organizer,
            subvenue=subvenue,
            title=f"活动 {key}",
            starts_at=now - timedelta(minutes=5),
            ends_at=now + timedelta(hours=1),
        )
        made[key] = (subvenue, session)
    from activities import roadshows

    roadshow = roadshows.create_roadshow(by=organizer, session_id=made["ours"][1].pk)
    pitch = roadshows.add_pitch(
        by=organizer, roadshow=roadshow, title="项目", presenter_id=users["attendee"].pk, starts_at=timezone.now()
    )
    from accounts.models import Interest
    from activities.models import Case

    field = Interest.objects.get_or_create(slug="authz-field", defaults={"name": "领域"})[0]
    case = Case.objects.create(
        submitter=users["own_staff"],
        organisation_id=world.ids["organisation"],
        subvenue=made["theirs"][0],
        field=field,
        title="问题",
        description="说明",
        languages="zh",
        confidentiality="confidential",
    )
    from django.core.files.base import ContentFile

    from activities.models import CaseDocument

    document = CaseDocument(case=case, name="问题.pdf", content_type="application/pdf", size=9)
    document.uploaded_by = users["own_staff"]
    document.file.save("authz-case.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    document.save()
    helper = get_user_model().objects.create_user(username="authz-subvenue-moderator")
    SubVenueStaff.objects.create(subvenue=made["ours"][0], user=helper, role=SubVenueStaff.Role.MODERATOR)
    world.ids |= {
        "act_subvenue": made["ours"][0].slug,
        "act_session": made["ours"][1].pk,
        "act_session_room": made["ours"][1].room.slug,
        "act_their_session_room": made["theirs"][1].room.slug,
        "act_staff": helper.pk,
        "act_pitch": pitch.pk,
        "act_case": case.pk,
        "act_case_document": document.pk,
    }


def params(route: str, world) -> dict[str, Any]:
    if not route.startswith(("api/activities/", "subvenues/", "roadshows/", "consultations/")):
        return {}
    ids = world.ids
    return {
        "slug": ids["act_subvenue"],
        "session_id": ids["act_session"],
        "user_id": ids["act_staff"],
        "pitch_id": ids["act_pitch"],
        "case_id": ids["act_case"],
        "document_id": ids["act_case_document"],
    }
