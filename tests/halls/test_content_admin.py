"""Booth content in the admin: deleting an item there removes its stored files, like the
editor and the JSON endpoints do."""

from __future__ import annotations

import pytest
from django.urls import reverse

from halls.content import services
from halls.content.models import BoothPoster

pytestmark = pytest.mark.django_db


def poster(booth, files) -> BoothPoster:
    return services.add_item(
        booth=booth, kind="posters", data={"title": "海报"}, files={"image": files.upload("p.png", files.PNG)}
    )


def test_deleting_a_poster_in_the_admin_deletes_its_file(
    client, booth_b, files, django_capture_on_commit_callbacks, django_user_model
):
    admin = django_user_model.objects.create_superuser(username="root", password="x")
    item = poster(booth_b, files)
    storage, name = item.image.storage, item.image.name
    assert storage.exists(name)
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:halls_boothposter_delete", args=[item.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not BoothPoster.objects.filter(pk=item.pk).exists()
    assert not storage.exists(name)


def test_deleting_posters_from_the_admin_list_deletes_their_files(
    client, booth_b, files, django_capture_on_commit_callbacks, django_user_model
):
    admin = django_user_model.objects.create_superuser(username="root", password="x")
    items = [poster(booth_b, files) for _ in range(2)]
    names = [(i.image.storage, i.image.name) for i in items]
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:halls_boothposter_changelist"),
            {"action": "delete_selected", "_selected_action": [i.pk for i in items], "post": "yes"},
        )
    assert response.status_code == 302
    assert not BoothPoster.objects.exists()
    assert not any(storage.exists(name) for storage, name in names)
