"""我要参展 pages (docs/organisations.md): register an organisation, its admin's team page
(members, invitations, verification status), accepting an e-mailed invitation, and the
organizers' verification queue. Plain forms posted back to these views, which call
accounts.organisations (the same services as the JSON API under /exhibition/api/)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts import organisations as orgs
from accounts.models import Organisation, OrganisationMembership
from halls import rules

REGISTRATION_FIELDS = (
    "name",
    "name_en",
    "kind",
    "country",
    "credit_code",
    "registration_number",
    "contact_name",
    "contact_email",
    "contact_phone",
    "website",
)
# Countries and regions offered first; any ISO 3166-1 alpha-2 code is accepted.
COUNTRIES = (
    ("CN", "中国大陆 Mainland China"),
    ("HK", "中国香港 Hong Kong, China"),
    ("MO", "中国澳门 Macao, China"),
    ("TW", "中国台湾 Taiwan, China"),
    ("US", "美国 United States"),
    ("GB", "英国 United Kingdom"),
    ("DE", "德国 Germany"),
    ("FR", "法国 France"),
    ("JP", "日本 Japan"),
    ("KR", "韩国 Korea"),
    ("SG", "新加坡 Singapore"),
    ("AU", "澳大利亚 Australia"),
    ("CA", "加拿大 Canada"),
    ("RU", "俄罗斯 Russia"),
)


def _errors(error: ValidationError) -> tuple[list[str], dict[str, list[str]]]:
    if hasattr(error, "error_dict"):
        return [], {field: list(msgs) for field, msgs in error.message_dict.items()}
    return list(error.messages), {}


@require_http_methods(["GET", "POST"])
@login_required
def register(request: HttpRequest) -> HttpResponse:
    values = {name: request.POST.get(name, "") for name in REGISTRATION_FIELDS} if request.method == "POST" else {}
    values.setdefault("country", "CN")
    values.setdefault("kind", Organisation.Kind.ENTERPRISE)
    general: list[str] = []
    fields: dict[str, list[str]] = {}
    if request.method == "POST":
        try:
            organisation = orgs.register_organisation(request.user, **values)
        except ValidationError as error:
            general, fields = _errors(error)
        else:
            messages.success(request, _("Registered: the organizers will verify your organisation."))
            return redirect("frontend:organisation-admin", org_id=organisation.pk)
    return render(
        request,
        "frontend/organisations/register.html",
        {
            "values": values,
            "errors": general,
            "field_errors": fields,
            "kinds": Organisation.Kind.choices,
            "countries": COUNTRIES,
            "mine": list(orgs.organisations_of(request.user)),
        },
        status=400 if general or fields else 200,
    )


ACTIONS = ("invite", "revoke", "role", "remove", "correct")


@require_http_methods(["GET", "POST"])
@login_required
def organisation_admin(request: HttpRequest, org_id: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=org_id)
    membership = orgs.membership_of(request.user, organisation)
    if membership is None and not rules.is_organizer(request.user):
        raise PermissionDenied(_("You are not a member of this organisation."))
    general: list[str] = []
    fields: dict[str, list[str]] = {}
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            done = _act(request, organisation, action)
        except ValidationError as error:
            general, fields = _errors(error)
        else:
            messages.success(request, done)
            if action == "remove" and str(request.user.pk) == request.POST.get("user_id"):
                return redirect("frontend:organisation-register")
            return redirect("frontend:organisation-admin", org_id=organisation.pk)
        organisation.refresh_from_db()
    is_admin = membership is not None and membership.role == OrganisationMembership.Role.ADMIN
    return render(
        request,
        "frontend/organisations/admin.html",
        {
            "organisation": organisation,
            "is_admin": is_admin,
            "members": list(orgs.members(organisation)),
            "invitations": list(orgs.open_invitations(organisation)) if is_admin else [],
            "member_roles": OrganisationMembership.Role.choices,
            "errors": general,
            "field_errors": fields,
            "kinds": Organisation.Kind.choices,
            "countries": COUNTRIES,
        },
        status=400 if general or fields else 200,
    )


def _act(request: HttpRequest, organisation: Organisation, action: str) -> str:
    post = request.POST
    if action == "invite":
        orgs.invite_member(
            organisation=organisation,
            by=request.user,
            email=post.get("email", ""),
            role=post.get("role", "staff"),
            base_url=request.build_absolute_uri("/"),
        )
        return _("Invitation sent to %(email)s.") % {"email": post.get("email", "").strip()}
    if action == "revoke":
        orgs.revoke_invitation(
            organisation=organisation, by=request.user, invitation_id=_int(post.get("invitation_id"))
        )
        return _("Invitation withdrawn.")
    if action == "role":
        user_id = _int(post.get("user_id"))
        orgs.change_role(organisation=organisation, by=request.user, user_id=user_id, role=post.get("role", ""))
        return _("Role changed.")
    if action == "remove":
        orgs.remove_member(organisation=organisation, by=request.user, user_id=_int(post.get("user_id")))
        return _("Member removed: their access ended.")
    if action == "correct":
        values = {name: post.get(name, "") for name in REGISTRATION_FIELDS if name != "website"}
        orgs.update_registration(organisation=organisation, by=request.user, **values)
        return _("Registration corrected: the organizers will verify it again.")
    raise ValidationError(_("Unknown action."), code="bad_action")


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationError(_("Choose someone from the list."), code="bad_id") from None


@require_http_methods(["GET", "POST"])
@login_required
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The e-mailed link: log in (or sign up) first, with ?next= back here, then accept."""
    try:
        invitation = orgs.invitation_for_token(token)
    except ValidationError as error:
        raise Http404(error.messages[0]) from None
    problem = ""
    try:
        orgs.check_invitation(invitation, request.user)
    except ValidationError as error:
        problem = error.messages[0]
    if request.method == "POST" and not problem:
        try:
            orgs.accept_invitation(token=token, user=request.user)
        except ValidationError as error:
            problem = error.messages[0]
        else:
            messages.success(request, _("Welcome to %(name)s.") % {"name": invitation.organisation.name})
            return redirect("frontend:organisation-admin", org_id=invitation.organisation_id)
    return render(
        request,
        "frontend/organisations/invitation.html",
        {"invitation": invitation, "problem": problem, "logout_next": reverse("login") + "?next=" + request.path},
        status=400 if problem and request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def verification_queue(request: HttpRequest) -> HttpResponse:
    rules.require_organizer(request.user)
    error = ""
    if request.method == "POST":
        organisation = get_object_or_404(Organisation, pk=_int_or_404(request.POST.get("organisation")))
        try:
            if request.POST.get("action") == "verify":
                orgs.verify_organisation(organisation=organisation, by=request.user)
                messages.success(request, _("%(name)s is verified.") % {"name": organisation.name})
            else:
                orgs.reject_organisation(
                    organisation=organisation, by=request.user, reason=request.POST.get("reason", "")
                )
                messages.success(request, _("%(name)s was rejected.") % {"name": organisation.name})
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            return redirect("frontend:organizer-organisations")
    decided = Organisation.objects.exclude(status=Organisation.Status.PENDING).exclude(verified_at=None)
    return render(
        request,
        "frontend/organisations/queue.html",
        {
            "pending": list(orgs.verification_queue()),
            "recent": list(decided.select_related("verified_by").order_by("-verified_at")[:20]),
            "error": error,
        },
        status=400 if error else 200,
    )


def _int_or_404(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None
