"""The apps' sources keep the index current: sessions and speakers (streams), live booths
(halls), organisations (accounts, registered by search). Saved means found, changed means found
by the new text only, deleted or unpublished means gone; rebuild gives the same."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command

from accounts.models import Organisation
from halls import services as hall_services
from halls.models import Booth, Hall, Zone
from search.models import Document
from search.selectors import search
from streams import services as stream_services
from tests.programme import UTC_0526_0100

pytestmark = pytest.mark.django_db


def ids(q, **kw):
    return [h.object_id for h in search(q, **kw).hits]


@pytest.fixture
def session(event):
    speaker = stream_services.create_speaker(name="李华", name_en="Li Hua", affiliation="深圳大学", bio_en="Robotics")
    return stream_services.create_session(
        event=event,
        kind="sub_forum",
        title="人工智能与人才发展分论坛",
        title_en="AI and Talent Development Forum",
        description="探讨机器学习",
        starts_at=UTC_0526_0100,
        ends_at=UTC_0526_0100 + timedelta(hours=2),
        speakers=[speaker],
    )


def test_session_indexed_with_its_speakers_and_link(session):
    hits = search("人才发展", kinds=["session"]).hits
    assert [h.object_id for h in hits] == [str(session.pk)]
    assert hits[0].url == f"/rooms/{session.room.slug}/"
    assert ids("李华", kinds=["session"]) == [str(session.pk)]  # a speaker's name finds their session
    assert ids("sub-forum", kinds=["session"]) == [str(session.pk)]  # the kind, in English too


def test_session_edit_and_delete(session):
    session.title = "新能源论坛"
    session.save()
    assert ids("人才发展", kinds=["session"]) == []
    assert ids("新能源", kinds=["session"]) == [str(session.pk)]
    session.delete()
    assert ids("新能源") == []
    assert not Document.objects.filter(kind="session").exists()


def test_speaker_follows_and_renames_reach_sessions(session):
    speaker = session.speakers.get()
    assert ids("深圳大学", kinds=["speaker"]) == [str(speaker.pk)]
    speaker.name = "王芳"
    speaker.save()
    assert ids("王芳", kinds=["session"]) == [str(session.pk)]
    other = stream_services.create_speaker(name="张伟")
    session.speakers.add(other)
    assert ids("张伟", kinds=["session"]) == [str(session.pk)]
    session.speakers.remove(other)
    assert ids("张伟", kinds=["session"]) == []
    speaker.delete()
    assert ids("深圳大学") == []


@pytest.fixture
def zone(db):
    hall = Hall.objects.create(slug="h", name="展厅", name_en="Hall")
    return Zone.objects.create(hall=hall, slug="z", code="D", name="新兴产业专区", order=1)


def test_only_live_booths_are_found_and_the_organisation_links_to_it(zone):
    org = Organisation.objects.create(name="深圳机器人有限公司", name_en="Shenzhen Robots Ltd")
    booth = hall_services.create_booth(organisation=org, zone=zone, name="机器人展位", description_en="Humanoid robots")
    assert ids("机器人展位", kinds=["booth"]) == []
    assert ids("humanoid") == []  # a draft is not found
    assert search("shenzhen robots", kinds=["organisation"]).hits[0].url == ""
    booth.status = Booth.Status.LIVE
    booth.save()
    assert ids("humanoid", kinds=["booth"]) == [str(booth.pk)]
    assert search("shenzhen robots", kinds=["organisation"]).hits[0].url == f"/exhibition/booths/{booth.pk}/"
    Booth.objects.filter(pk=booth.pk).update(status=Booth.Status.DRAFT)  # bulk: no signal
    from search.services import reindex

    reindex("booth", [booth.pk])
    assert ids("humanoid") == []


def test_rebuild_command_gives_the_same_index(session, zone):
    org = Organisation.objects.create(name="测试机构")
    hall_services.create_booth(organisation=org, zone=zone, name="测试展位", status=Booth.Status.LIVE)
    before = sorted(Document.objects.values_list("kind", "object_id", "audience", "title_terms", "body_terms", "url"))
    Document.objects.all().delete()
    call_command("rebuild_search_index")
    after = sorted(Document.objects.values_list("kind", "object_id", "audience", "title_terms", "body_terms", "url"))
    assert after == before and {k for k, *_ in after} >= {"session", "speaker", "booth", "organisation"}


def test_rebuild_task_runs_on_the_queue():
    from search.tasks import rebuild_search_index

    org = Organisation.objects.create(name="任务测试机构")
    Document.objects.all().delete()
    result = rebuild_search_index.delay(["organisation"])
    assert result.get(timeout=10) == {"organisation": 1}
    assert ids("任务测试") == [str(org.pk)]
