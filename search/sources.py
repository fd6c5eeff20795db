"""The sources search registers itself: the ones from accounts, which sits below search in the
layers and so cannot call search (docs/search.md). Other apps register theirs in their own
AppConfig.ready()."""

from __future__ import annotations

from typing import Any

from search.models import Audience
from search.registry import Entry, register_source


def _organisation_url(org: Any) -> str:
    # The organisation's live booth, when it has one. The reverse relation is read without
    # importing halls (above search); halls re-indexes the organisation when a booth changes.
    booths = getattr(org, "booths", None)
    if booths is None or not org.pk:
        return ""
    booth = booths.filter(status="live").order_by("pk").first()
    return f"/exhibition/booths/{booth.pk}/" if booth is not None else ""


def organisation_entries(org: Any) -> list[Entry]:
    kind_label = org.get_kind_display() if hasattr(org, "get_kind_display") else ""
    return [
        Entry(
            org.pk,
            title_zh=org.name,
            title_en=org.name_en,
            body_zh=" ".join(filter(None, [kind_label, getattr(org, "website", "")])),
            body_en=" ".join(filter(None, [kind_label, getattr(org, "website", "")])),
            url=_organisation_url(org),
        )
    ]


class _Attendee:
    """Any logged-in attendee who is not the owner: what the "attendees" variant is built for."""

    pk = None
    is_authenticated = True
    is_active = True


def _person_texts(data: dict[str, Any]) -> tuple[str, str, str, str]:
    interests = data.get("interests") or []
    title_zh = data.get("display_name") or data.get("name") or ""
    title_en = data.get("display_name_en") or ""
    parts_zh = [data.get("title", ""), data.get("organisation", ""), data.get("bio", "")]
    parts_en = [data.get("title_en", ""), data.get("organisation_en", ""), data.get("bio_en", "")]
    parts_zh += [i.get("name", "") for i in interests]
    parts_en += [i.get("name_en", "") for i in interests]
    if data.get("country"):
        parts_zh.append(data["country"])
        parts_en.append(data["country"])
    return title_zh, title_en, " ".join(filter(None, parts_zh)), " ".join(filter(None, parts_en))


def person_entries(profile: Any) -> list[Entry]:
    """A person in the directory, as `accounts.selectors.visible_profile` shows them to a
    stranger (anonymous) and to an attendee: one variant each, or one public entry when both
    see the same. Not listed, deactivated or deleted: not in the index."""
    from accounts.selectors import visible_profile

    user = profile.user
    if not profile.listed_in_directory or not user.is_active or user.deleted_at is not None:
        return []
    stranger = _person_texts(visible_profile(user, None))
    attendee = _person_texts(visible_profile(user, _Attendee()))
    url = person_url(user)
    if stranger == attendee:
        return [Entry(user.pk, *stranger, url=url, audience=Audience.PUBLIC)]
    return [
        Entry(user.pk, *stranger, url=url, audience=Audience.ANONYMOUS),
        Entry(user.pk, *attendee, url=url, audience=Audience.ATTENDEES),
    ]


def person_url(user: Any) -> str:
    """A person's link in the results: none until the directory has a page per person
    (networking may set `search.sources.person_url` to its own)."""
    return ""


def _reindex_person(user_id: Any) -> None:
    from accounts.models import Profile
    from search.services import index_entries

    profile = Profile.objects.select_related("user").filter(user_id=user_id).first()
    index_entries("person", user_id, person_entries(profile) if profile is not None else [])


def _profile_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        _reindex_person(instance.user_id)


def _profile_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    from search.services import remove_document

    remove_document("person", instance.user_id)


def _user_saved(sender: Any, instance: Any, raw: bool = False, update_fields: Any = None, **kwargs: Any) -> None:
    if update_fields is not None and set(update_fields) <= {"last_login", "password"}:
        return  # a log-in: nothing searchable changed
    if not raw and instance.pk:
        _reindex_person(instance.pk)


def _user_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    from search.services import remove_document

    remove_document("person", instance.pk)


def _interests_changed(sender: Any, instance: Any, action: str, reverse: bool, pk_set: Any, **kwargs: Any) -> None:
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if reverse:  # interest.profiles.add(...): re-index those people
        from accounts.models import Profile

        for user_id in Profile.objects.filter(pk__in=pk_set or ()).values_list("user_id", flat=True):
            _reindex_person(user_id)
    else:
        _reindex_person(instance.user_id)


def register() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from accounts.models import Organisation, Profile, User

    register_source(
        "organisation",
        label_zh="机构",
        label_en="Organisations",
        model=Organisation,
        entries=organisation_entries,
        queryset=lambda: Organisation.objects.all(),
        order=40,
    )
    # People: keyed by user id, rebuilt from the listed profiles; signals of the profile, the
    # user (deactivated, deleted, renamed) and the interests keep them current.
    register_source(
        "person",
        label_zh="参会者",
        label_en="People",
        entries=person_entries,
        queryset=lambda: Profile.objects.filter(listed_in_directory=True).select_related("user"),
        order=50,
    )
    post_save.connect(_profile_saved, sender=Profile, dispatch_uid="search.person.profile_saved")
    post_delete.connect(_profile_deleted, sender=Profile, dispatch_uid="search.person.profile_deleted")
    post_save.connect(_user_saved, sender=User, dispatch_uid="search.person.user_saved")
    post_delete.connect(_user_deleted, sender=User, dispatch_uid="search.person.user_deleted")
    m2m_changed.connect(_interests_changed, sender=Profile.interests.through, dispatch_uid="search.person.interests")
