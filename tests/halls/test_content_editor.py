"""The server-rendered booth content editor at /exhibitor/booths/<id>/content/."""

from __future__ import annotations

import pytest
from django.urls import reverse

from halls.content.models import BoothPoster, CommentaryStop

pytestmark = pytest.mark.django_db


def editor(booth) -> str:
    return reverse("frontend:content-editor", args=[booth.pk])


def test_the_agreed_address():
    assert reverse("frontend:content-editor", args=[7]) == "/exhibitor/booths/7/content/"


def test_staff_add_a_poster_and_see_it(client, booth_b, staff_b, files):
    client.force_login(staff_b)
    page = client.get(editor(booth_b))
    assert page.status_code == 200
    assert "展位内容" in page.content.decode() and 'id="add-posters"' in page.content.decode()

    response = client.post(
        editor(booth_b),
        {"kind": "posters", "action": "create", "title": "招聘海报", "image": files.upload("p.png", files.PNG)},
    )
    assert response.status_code == 303 and response["Location"].endswith("?done=saved#posters")
    page = client.get(response["Location"]).content.decode()
    assert "已保存。" in page and "招聘海报" in page
    assert BoothPoster.objects.get(booth=booth_b).content_type == "image/png"


def test_a_bad_upload_shows_the_error_and_keeps_the_fields(client, booth_b, staff_b, files):
    client.force_login(staff_b)
    response = client.post(
        editor(booth_b),
        {"kind": "documents", "action": "create", "title": "宣传册", "file": files.upload("d.pdf", files.PNG)},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="error-documents"' in html and "文件格式不符，仅接受 PDF" in html
    assert 'value="宣传册"' in html  # what was typed is still there


def test_english_page(client, booth_b, staff_b):
    client.force_login(staff_b)
    html = client.get(editor(booth_b), headers={"Accept-Language": "en"}).content.decode()
    assert "Booth content" in html and "Guided commentary" in html


def test_reorder_edit_and_delete_by_forms(client, booth_b, staff_b):
    client.force_login(staff_b)
    for n in range(2):
        client.post(editor(booth_b), {"kind": "commentary", "action": "create", "text": f"站{n}", "x": n, "z": 0})
    first, second = CommentaryStop.objects.filter(booth=booth_b)
    client.post(editor(booth_b), {"kind": "commentary", "action": "down", "item": first.pk})
    assert list(CommentaryStop.objects.filter(booth=booth_b).values_list("pk", flat=True)) == [second.pk, first.pk]
    client.post(editor(booth_b), {"kind": "commentary", "action": "update", "item": first.pk, "text": "改过"})
    first.refresh_from_db()
    assert first.text == "改过" and first.x == 0
    response = client.post(editor(booth_b), {"kind": "commentary", "action": "delete", "item": second.pk})
    assert response.status_code == 303 and not CommentaryStop.objects.filter(pk=second.pk).exists()


def test_others_are_refused_and_guests_sent_to_log_in(client, booth_b, staff_a, visitor):
    assert client.get(editor(booth_b))["Location"].startswith(reverse("login"))
    for user in (staff_a, visitor):
        client.force_login(user)
        page = client.get(editor(booth_b))
        assert page.status_code == 403 and "您不是该展位的工作人员" in page.content.decode()
        refused = client.post(editor(booth_b), {"kind": "commentary", "action": "create", "text": "x", "x": 0, "z": 0})
        assert refused.status_code == 403
        # Whether an item exists is not told to outsiders either.
        for item in (1, 999_999):
            moved = client.post(editor(booth_b), {"kind": "commentary", "action": "up", "item": item})
            assert moved.status_code == 403
    assert not CommentaryStop.objects.exists()


def test_an_item_that_is_not_a_number_is_a_clear_error(client, booth_b, staff_b):
    client.force_login(staff_b)
    response = client.post(editor(booth_b), {"kind": "commentary", "action": "delete", "item": "abc"})
    assert response.status_code == 400
    assert "条目编号无效" in response.content.decode()
