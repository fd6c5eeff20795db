"""Booth content: uploads judged by their bytes and size, the staff's JSON endpoints, who
may use them, ad schedules, commentary order, and the visitors' language-aware read."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from halls import uploads
from halls.content import selectors, services
from halls.content.models import BoothAd, BoothVideo, CommentaryStop
from tests import media

pytestmark = pytest.mark.django_db

# Real files (tests/media.py): uploads are decoded, so a header alone no longer passes.
MP4 = media.mp4()
M4A = media.m4a()
WEBM = media.webm()
GIF = media.gif()
WEBP = media.webp()
MP3 = media.mp3()
MP3_FRAME = b"\xff\xfb\x90\x64" + b"\x00" * 32  # sniffed only: a header without an ID3 tag
OGG = media.ogg()
BROKEN_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"
BROKEN_MP3 = b"ID3\x04" + b"\x00" * 64
AAC = media.aac()


def url(name: str, *args) -> str:
    return reverse(f"api:{name}", args=args)


def sniffed(content: bytes, kinds) -> str:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return uploads.sniff(SimpleUploadedFile("x.bin", content), kinds, max_bytes=10**6, what="file").content_type


# ---------------------------------------------------------------- content types


@pytest.mark.parametrize(
    ("content", "kinds", "content_type"),
    [
        (MP4, uploads.VIDEO_KINDS, "video/mp4"),
        (WEBM, uploads.VIDEO_KINDS, "video/webm"),
        (GIF, uploads.IMAGE_KINDS, "image/gif"),
        (WEBP, uploads.IMAGE_KINDS, "image/webp"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 8, uploads.IMAGE_KINDS, "image/png"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 8, uploads.IMAGE_KINDS, "image/jpeg"),
        (b"%PDF-1.7\n", uploads.DOCUMENT_KINDS, "application/pdf"),
        (MP3, uploads.AUDIO_KINDS, "audio/mpeg"),
        (MP3_FRAME, uploads.AUDIO_KINDS, "audio/mpeg"),
        (OGG, uploads.AUDIO_KINDS, "audio/ogg"),
        (M4A, uploads.AUDIO_KINDS, "audio/mp4"),
        (AAC, uploads.AUDIO_KINDS, "audio/aac"),
        (MP4, uploads.AD_KINDS, "video/mp4"),
    ],
)
def test_each_kind_is_recognised_by_its_bytes(content, kinds, content_type):
    assert sniffed(content, kinds) == content_type


@pytest.mark.parametrize(
    ("content", "kinds"),
    [
        (M4A, uploads.VIDEO_KINDS),  # an audio-only MP4 is not a video
        (MP4, uploads.AUDIO_KINDS),
        (b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 8, uploads.IMAGE_KINDS),  # RIFF, but not WebP
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", uploads.IMAGE_KINDS),
        (b"\x00\x00\x00\x18moov" + b"\x00" * 16, uploads.VIDEO_KINDS),  # no ftyp box
        (GIF, uploads.DOCUMENT_KINDS),
    ],
)
def test_wrong_content_is_refused(content, kinds):
    with pytest.raises(ValidationError) as refused:
        sniffed(content, kinds)
    assert refused.value.code == "bad_type"


# ---------------------------------------------------------------- the staff's endpoints


def test_staff_add_a_video_by_upload_with_its_poster(client, booth_b, staff_b, files):
    client.force_login(staff_b)
    response = client.post(
        url("content-create", booth_b.pk, "videos"),
        {
            "title": "学校宣传片",
            "title_en": "Campus film",
            "file": files.upload("film.mov", MP4, "video/quicktime"),
            "poster": files.upload("poster.gif", files.PNG, "image/gif"),
        },
    )
    assert response.status_code == 201, response.json()
    video = response.json()
    assert video["kind"] == "video" and video["content_type"] == "video/mp4"
    assert video["url"].startswith("/exhibition/media/halls/content/") and video["url"].endswith(".mp4")
    assert video["poster"].endswith(".png")
    assert video["title"] == {"zh": "学校宣传片", "en": "Campus film"}
    stored = BoothVideo.objects.get(booth=booth_b)
    with stored.file.open("rb") as f:
        assert f.read() == MP4


def test_a_video_link_replaces_the_file_and_deletes_it(
    client, booth_b, staff_b, files, django_capture_on_commit_callbacks
):
    client.force_login(staff_b)
    created = client.post(
        url("content-create", booth_b.pk, "videos"), {"title": "片", "file": files.upload("a.mp4", MP4)}
    ).json()
    stored = BoothVideo.objects.get(pk=created["pk"])
    storage, name = stored.file.storage, stored.file.name
    with django_capture_on_commit_callbacks(execute=True):
        response = client.patch(
            url("content-item", booth_b.pk, "videos", created["pk"]),
            {"link": "https://video.example.org/watch/1"},
            content_type="application/json",
        )
    assert response.status_code == 200, response.json()
    assert response.json()["kind"] == "link" and response.json()["url"] == "https://video.example.org/watch/1"
    assert not storage.exists(name)


@pytest.mark.parametrize(
    ("kind", "fields", "code", "field"),
    [
        ("videos", {"title": "片"}, "required", "file"),
        ("videos", {"title": "片", "file": ("a.mp4", b"MZ\x90\x00 not a video")}, "bad_type", None),
        ("videos", {"title": "片", "file": ("a.mp4", b"")}, "empty", None),
        ("posters", {"image": ("p.png", b"%PDF-1.4 a pdf, not a picture")}, "bad_type", None),
        ("documents", {"title": "简介", "file": ("d.pdf", GIF)}, "bad_type", None),
        ("documents", {"file": ("d.pdf", media.pdf())}, "required", "title"),
        ("ads", {"file": ("ad.png", media.png()), "slot": "1"}, "bad_slot", "slot"),
        (
            "ads",
            {"file": ("ad.png", media.png()), "starts_at": "2030-01-02T00:00", "ends_at": "2030-01-01T00:00"},
            "bad_schedule",
            "ends_at",
        ),
        ("ads", {"file": ("ad.png", media.png()), "starts_at": "next tuesday"}, "bad_datetime", "starts_at"),
        ("commentary", {"text": "这里", "x": "1"}, "required", "z"),
        ("commentary", {"text": "这里", "x": "one", "z": "0"}, "bad_number", "x"),
        ("commentary", {"x": "1", "z": "0"}, "required", "text"),
        ("commentary", {"text": "t", "x": "1", "z": "0", "look_at_x": "1"}, "bad_look_at", "look_at_x"),
        ("commentary", {"text": "t", "x": "1", "z": "0", "audio": ("a.mp3", b"\x89PNG\r\n\x1a\n")}, "bad_type", None),
        ("brochures", {"title": "x"}, "bad_kind", None),
        # A right header with garbage behind it (halls/decoding.py).
        ("posters", {"image": ("p.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)}, "undecodable", None),
        ("videos", {"title": "片", "file": ("a.mp4", MP4[:600])}, "undecodable", None),
        (
            "documents",
            {"title": "简介", "file": ("d.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n")},
            "undecodable",
            None,
        ),
        ("documents", {"title": "简介", "file": ("d.pdf", media.pdf_with_script())}, "pdf_script", None),
        (
            "commentary",
            {"text": "t", "x": "1", "z": "0", "audio": ("a.mp3", b"ID3\x04" + b"\x00" * 64)},
            "undecodable",
            None,
        ),
        ("videos", {"title": "片", "link": "javascript:alert(1)"}, "bad_link", "link"),
        ("ads", {"file": ("ad.png", media.png()), "link": "not a url"}, "bad_link", "link"),
    ],
)
def test_bad_content_is_refused_with_a_clear_error_and_nothing_stored(
    client, booth_b, staff_b, files, settings, kind, fields, code, field
):
    client.force_login(staff_b)
    data = {k: files.upload(*v) if isinstance(v, tuple) else v for k, v in fields.items()}
    response = client.post(url("content-create", booth_b.pk, kind), data)
    assert response.status_code == 400
    answer = response.json()
    assert answer["code"] == code, answer
    if field:
        assert field in answer["fields"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in answer["message"])  # bilingual: Chinese too
    content_dir = settings.MEDIA_ROOT / "halls" / "content"
    assert not content_dir.exists() or not any(content_dir.rglob("*.*"))


def test_size_limits_come_from_settings(client, booth_b, staff_b, files, settings):
    video_limit = len(MP4) + 50  # a real (decodable) video is a few KB
    settings.HALLS = {"MAX_VIDEO_BYTES": video_limit, "MAX_IMAGE_BYTES": 50}
    client.force_login(staff_b)
    too_big = client.post(
        url("content-create", booth_b.pk, "videos"), {"title": "片", "file": files.upload("a.mp4", MP4 + b"\x00" * 100)}
    ).json()
    assert too_big["code"] == "too_large" and f"the limit is {uploads._size(video_limit)}" in too_big["message"]
    assert "上限" in too_big["message"]
    # An image ad is held to the image limit, a video ad to the video limit.
    image_ad = client.post(url("content-create", booth_b.pk, "ads"), {"file": files.upload("a.png", files.PNG)})
    assert image_ad.json()["code"] == "too_large"
    video_ad = client.post(url("content-create", booth_b.pk, "ads"), {"file": files.upload("a.mp4", MP4)})
    assert video_ad.status_code == 201 and video_ad.json()["kind"] == "video"


def test_other_organisations_attendees_and_guests_are_refused(client, booth_b, staff_a, staff_b, visitor, files):
    client.force_login(staff_b)
    stop = client.post(url("content-create", booth_b.pk, "commentary"), {"text": "一", "x": 0, "z": 1}).json()
    edit = url("content-item", booth_b.pk, "commentary", stop["pk"])
    client.logout()

    for user in (staff_a, visitor):
        client.force_login(user)
        for response in (
            client.post(url("content-create", booth_b.pk, "posters"), {"image": files.upload("p.png", files.PNG)}),
            client.post(edit, {"text": "改"}),
            client.delete(edit),
            client.get(url("content-edit", booth_b.pk)),
            client.post(url("content-order", booth_b.pk, "commentary"), {"ids": str(stop["pk"])}),
        ):
            assert response.status_code == 403, response.content
            assert response.json()["message"] == "You are not staff of this booth. 您不是该展位的工作人员。"
        client.logout()
    assert client.post(url("content-create", booth_b.pk, "posters"), {}).json()["code"] == "auth_required"
    assert CommentaryStop.objects.get(pk=stop["pk"]).text == "一"


def test_outsiders_cannot_tell_which_items_exist(client, booth_b, staff_a):
    client.force_login(staff_a)
    for item_id in (1, 999_999):
        edit = url("content-item", booth_b.pk, "commentary", item_id)
        assert client.get(edit).status_code == 403
        assert client.delete(edit).status_code == 403


def test_organizers_may_edit_any_booth(client, booth_b, organizer, files):
    client.force_login(organizer)
    response = client.post(url("content-create", booth_b.pk, "posters"), {"image": files.upload("p.png", files.PNG)})
    assert response.status_code == 201


def test_another_booths_item_is_not_found(client, booth_a, booth_b, staff_a, staff_b):
    client.force_login(staff_b)
    stop = client.post(url("content-create", booth_b.pk, "commentary"), {"text": "一", "x": 0, "z": 1}).json()
    client.force_login(staff_a)
    assert client.delete(url("content-item", booth_a.pk, "commentary", stop["pk"])).status_code == 404


def test_commentary_is_kept_in_order_and_reordered(client, booth_b, staff_b):
    client.force_login(staff_b)
    pks = [
        client.post(
            url("content-create", booth_b.pk, "commentary"),
            {"title": f"第{i}站", "text": f"讲解{i}", "text_en": f"Stop {i}", "x": i, "z": 1},
        ).json()["pk"]
        for i in range(3)
    ]
    edit = client.get(url("content-edit", booth_b.pk)).json()
    assert [s["pk"] for s in edit["commentary"]] == pks
    assert [s["order"] for s in edit["commentary"]] == [0, 1, 2]

    wanted = [pks[2], pks[0], pks[1]]
    response = client.post(
        url("content-order", booth_b.pk, "commentary"), {"ids": wanted}, content_type="application/json"
    )
    assert response.status_code == 200 and [s["pk"] for s in response.json()] == wanted
    assert [s["pk"] for s in client.get(url("content", booth_b.pk)).json()["commentary"]] == wanted

    # Every stop, once: a partial or repeated list changes nothing.
    for ids in ([pks[0], pks[1]], [pks[0], pks[0], pks[1]], [pks[0], pks[1], 999999]):
        bad = client.post(url("content-order", booth_b.pk, "commentary"), {"ids": ids}, content_type="application/json")
        assert bad.status_code == 400 and bad.json()["code"] == "bad_order"
    assert list(CommentaryStop.objects.filter(booth=booth_b).values_list("pk", flat=True)) == wanted

    deleted = client.delete(url("content-item", booth_b.pk, "commentary", pks[0]))
    assert deleted.status_code == 200
    assert CommentaryStop.objects.filter(booth=booth_b).count() == 2


def test_commentary_stop_keeps_point_look_at_target_and_audio(client, booth_b, staff_b, files):
    client.force_login(staff_b)
    stop = client.post(
        url("content-create", booth_b.pk, "commentary"),
        {
            "title": "展板",
            "title_en": "Posters",
            "text": "请看展板",
            "text_en": "Look at the posters",
            "x": "-1.5",
            "y": "0",
            "z": "0.5",
            "look_at_x": "-2.7",
            "look_at_y": "1.6",
            "look_at_z": "0",
            "target": f"booth:{booth_b.pk}:poster:0",
            "audio": files.upload("a.mp3", MP3, "audio/mpeg"),
        },
    ).json()
    assert stop["position"] == [-1.5, 0.0, 0.5] and stop["look_at"] == [-2.7, 1.6, 0.0]
    assert stop["target"] == f"booth:{booth_b.pk}:poster:0"
    assert stop["audio"].endswith(".mp3") and stop["audio_content_type"] == "audio/mpeg"


# ---------------------------------------------------------------- ads and schedules


def _ad(booth, user, files, **fields):
    data = {"file": files.upload("ad.png", files.PNG), **fields}
    return services.create_item(booth=booth, user=user, kind="ads", data=data, files={"file": data.pop("file")})


def test_the_current_ad_is_the_running_one_that_started_last(booth_b, staff_b, files):
    now = timezone.now()
    hour = timedelta(hours=1)
    expired = _ad(
        booth_b, staff_b, files, title="过期", starts_at=(now - 3 * hour).isoformat(), ends_at=(now - hour).isoformat()
    )
    future = _ad(booth_b, staff_b, files, title="未来", starts_at=(now + hour).isoformat())
    always = _ad(booth_b, staff_b, files, title="常驻")
    running = _ad(
        booth_b, staff_b, files, title="当前", starts_at=(now - hour).isoformat(), ends_at=(now + hour).isoformat()
    )

    assert selectors.current_ads(booth_b, now)[0].pk == running.pk
    assert selectors.current_ads(booth_b, now + 2 * hour)[0].pk == future.pk  # running ended, future began
    assert selectors.current_ads(booth_b, now - 2 * hour)[0].pk in {always.pk, expired.pk}
    assert selectors.current_ads(booth_b, now - 2 * hour)[0].pk == expired.pk  # started later than "always"

    content = selectors.booth_content(booth_b, now)
    assert [a["id"] for a in content["ads"]] == [f"ad:{running.pk}"]
    assert content["ads"][0]["schedule"][0]["ends_at"] == running.ends_at.isoformat()

    BoothAd.objects.exclude(pk=expired.pk).delete()
    assert selectors.booth_content(booth_b, now)["ads"] == []  # the only ad has expired


def test_staff_see_every_ad_with_whether_it_shows_now(client, booth_b, staff_b, files):
    now = timezone.now()
    _ad(booth_b, staff_b, files, title="过期", ends_at=(now - timedelta(minutes=1)).isoformat())
    _ad(booth_b, staff_b, files, title="当前")
    client.force_login(staff_b)
    ads = client.get(url("content-edit", booth_b.pk)).json()["ads"]
    assert [(a["title"]["zh"], a["current"]) for a in ads] == [("过期", False), ("当前", True)]
    public = client.get(url("content", booth_b.pk)).json()["ads"]
    assert [a["title"] for a in public] == ["当前"]


# ---------------------------------------------------------------- the visitors' read


def test_public_read_is_language_aware_and_needs_no_login(client, booth_b, staff_b, files):
    services.create_item(
        booth=booth_b,
        user=staff_b,
        kind="posters",
        data={"title": "招聘海报", "title_en": "Hiring poster"},
        files={"image": files.upload("p.png", files.PNG)},
    )
    services.create_item(
        booth=booth_b,
        user=staff_b,
        kind="documents",
        data={"title": "简介"},
        files={"file": files.upload("d.pdf", files.PDF)},
    )
    zh = client.get(url("content", booth_b.pk)).json()
    assert zh["lang"] == "zh" and zh["posters"][0]["title"] == "招聘海报"
    assert zh["booth"]["name"] == "乙大学展位"
    en = client.get(url("content", booth_b.pk), {"lang": "en"}).json()
    assert en["posters"][0]["title"] == "Hiring poster"
    assert en["documents"][0]["title"] == "简介"  # no English title: the Chinese one
    assert client.get(url("content", booth_b.pk), headers={"Accept-Language": "en"}).json()["lang"] == "en"
    both = client.get(url("content", booth_b.pk), {"lang": "both"}).json()
    assert both["posters"][0]["title"] == {"zh": "招聘海报", "en": "Hiring poster"}


def test_a_draft_booths_content_is_hidden_from_visitors(client, zone, org_a, staff_a, visitor):
    from halls import services as hall_services

    draft = hall_services.create_booth(organisation=org_a, zone=zone, name="草稿展位")
    assert client.get(url("content", draft.pk)).status_code == 404
    client.force_login(visitor)
    assert client.get(url("content", draft.pk)).status_code == 404
    client.force_login(staff_a)
    assert client.get(url("content", draft.pk)).status_code == 200
