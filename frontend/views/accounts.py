"""A person's own pages: the profile editor (/me/profile/), someone's profile as the viewer
may see it (/people/<id>/), privacy (/me/privacy/: download my data, delete my account) and
the privacy terms (/privacy/). Sign-up, login, password and e-mail pages are allauth's,
rendered through frontend/templates/account/ and allauth/layouts/base.html."""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import privacy
from accounts.countries import country_choices, country_name, language_choices, language_name
from accounts.i18n import localized
from accounts.models import Interest, Profile, User, Visibility
from accounts.selectors import visible_profile
from accounts.services import (
    PRIVACY_TERMS_VERSION,
    delete_account,
    profile_for,
    remove_profile_photo,
    set_profile_photo,
    update_profile,
)

PHOTO_MAX_BYTES = 5 * 1024 * 1024
FIELD_LABELS = {
    "photo": gettext_lazy("Photo"),
    "organisation": gettext_lazy("Organisation"),
    "title": gettext_lazy("Title"),
    "country": gettext_lazy("Country or region"),
    "languages": gettext_lazy("Languages"),
    "interests": gettext_lazy("Fields of interest"),
    "bio": gettext_lazy("About me"),
}


def interest_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped for a <select multiple>/checkbox list: each field with its subfields."""
    interests = list(Interest.objects.all())
    groups = []
    for top in (i for i in interests if i.parent_id is None):
        children = [(i.slug, i.display_name) for i in interests if i.parent_id == top.pk]
        groups.append((top.display_name, [(top.slug, top.display_name), *children]))
    return groups


class ProfileForm(forms.Form):
    display_name = forms.CharField(label=gettext_lazy("Display name (Chinese)"), max_length=80, required=False)
    display_name_en = forms.CharField(label=gettext_lazy("Display name (English)"), max_length=80, required=False)
    organisation = forms.CharField(label=gettext_lazy("Organisation (Chinese)"), max_length=200, required=False)
    organisation_en = forms.CharField(label=gettext_lazy("Organisation (English)"), max_length=200, required=False)
    title = forms.CharField(label=gettext_lazy("Title (Chinese)"), max_length=120, required=False)
    title_en = forms.CharField(label=gettext_lazy("Title (English)"), max_length=120, required=False)
    country = forms.ChoiceField(label=gettext_lazy("Country or region"), required=False)
    languages = forms.MultipleChoiceField(
        label=gettext_lazy("Languages"), required=False, widget=forms.CheckboxSelectMultiple
    )
    interests = forms.MultipleChoiceField(
        label=gettext_lazy("Fields of interest"), required=False, widget=forms.SelectMultiple(attrs={"size": 12})
    )
    bio = forms.CharField(
        label=gettext_lazy("About me (Chinese)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    bio_en = forms.CharField(
        label=gettext_lazy("About me (English)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    photo = forms.FileField(label=gettext_lazy("Photo"), required=False)
    remove_photo = forms.BooleanField(label=gettext_lazy("Remove my photo"), required=False)
    listed_in_directory = forms.BooleanField(label=gettext_lazy("List me in the attendee directory"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "—"), *country_choices()]
        self.fields["languages"].choices = language_choices()
        self.fields["interests"].choices = interest_choices()
        for field in Profile.VISIBLE_FIELDS:
            self.fields[f"visibility_{field}"] = forms.ChoiceField(
                label=FIELD_LABELS[field], choices=Visibility.choices, required=True
            )

    def visibility_fields(self):
        return [(FIELD_LABELS[f], self[f"visibility_{f}"]) for f in Profile.VISIBLE_FIELDS]


def initial_for(profile: Profile) -> dict:
    data = {
        field: getattr(profile, field)
        for field in (
            "display_name",
            "display_name_en",
            "organisation",
            "organisation_en",
            "title",
            "title_en",
            "country",
            "bio",
            "bio_en",
            "listed_in_directory",
        )
    }
    data["languages"] = list(profile.languages or [])
    data["interests"] = [i.slug for i in profile.interests.all()]
    data.update({f"visibility_{f}": v for f, v in profile.visibilities().items()})
    return data


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest) -> HttpResponse:
    profile = profile_for(request.user)
    form = ProfileForm(request.POST or None, request.FILES or None, initial=initial_for(profile))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            photo = data.get("photo")
            if photo is not None and photo.size > PHOTO_MAX_BYTES:
                raise ValidationError({"photo": [_("The photo is larger than 5 MB.")]})
            update_profile(
                request.user,
                **{k: data[k] for k in ("display_name", "display_name_en", "organisation", "organisation_en")},
                **{k: data[k] for k in ("title", "title_en", "country", "bio", "bio_en", "listed_in_directory")},
                languages=list(data["languages"]),
                interests=list(data["interests"]),
                visibility={f: data[f"visibility_{f}"] for f in Profile.VISIBLE_FIELDS},
            )
            if photo is not None:
                set_profile_photo(request.user, photo)
            elif data.get("remove_photo"):
                remove_profile_photo(request.user)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, _("Your profile was saved."))
            return redirect("frontend:profile")
    return render(
        request,
        "frontend/accounts/profile_edit.html",
        {"form": form, "profile": profile, "me": request.user},
    )


def shown_profile(data: dict) -> dict:
    """visible_profile's dict with the texts in the reader's language, for the template."""
    shown = dict(data)
    shown["display"] = localized(data.get("display_name") or data["name"], data.get("display_name_en", ""))
    if "organisation" in data:
        shown["organisation_text"] = localized(data["organisation"], data["organisation_en"])
    if "title" in data:
        shown["title_text"] = localized(data["title"], data["title_en"])
    if "country" in data:
        shown["country_text"] = country_name(data["country"])
    if "languages" in data:
        shown["language_texts"] = [language_name(code) for code in data["languages"]]
    if "interests" in data:
        shown["interest_texts"] = [localized(i["name"], i["name_en"]) for i in data["interests"]]
    if "bio" in data:
        shown["bio_text"] = localized(data["bio"], data["bio_en"])
    return shown


@require_GET
def person(request: HttpRequest, user_id: int) -> HttpResponse:
    owner = User.objects.filter(pk=user_id).first()
    if owner is None or (not owner.is_active and owner.deleted_at is None):
        raise Http404
    data = visible_profile(owner, request.user)
    return render(request, "frontend/accounts/person.html", {"person": shown_profile(data), "owner": owner})


@require_GET
def privacy_terms(request: HttpRequest) -> HttpResponse:
    return render(request, "frontend/accounts/privacy_terms.html", {"version": PRIVACY_TERMS_VERSION})


@login_required
@require_GET
def privacy_page(request: HttpRequest) -> HttpResponse:
    return render(request, "frontend/accounts/privacy.html", {"sections": sorted(privacy.export_sections())})


@login_required
@require_GET
def download_data(request: HttpRequest) -> HttpResponse:
    data = privacy.export_data(request.user)
    body = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="pavilion-my-data-{stamp}.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def delete_my_account(request: HttpRequest) -> HttpResponse:
    if request.POST.get("confirm") != "on":
        messages.error(request, _("Tick the box to confirm that you want to delete your account."))
        return redirect("frontend:privacy")
    try:
        delete_account(request.user, password=request.POST.get("password", ""))
    except PermissionDenied:
        messages.error(request, _("The password is not correct; your account was not deleted."))
        return redirect("frontend:privacy")
    logout(request)
    messages.success(request, _("Your account was deleted. Thank you for taking part."))
    return redirect("/")
