"""Services directly: sequence numbers under concurrent writers, and admin moderation."""

import threading

import pytest
from django.db import connection

from accounts.models import User
from live.models import ChatMessage, ModerationAction, Room, RoomEvent
from live.services import chat, moderation

pytestmark = pytest.mark.django_db(transaction=True)


def test_concurrent_writers_get_gap_free_unique_seqs():
    room = Room.objects.create(slug="race", name="Race")
    writers = [User.objects.create_user(f"w{i}", password="x") for i in range(4)]
    errors: list[BaseException] = []

    def write(user: User) -> None:
        try:
            for i in range(15):
                chat.send_message(room=Room.objects.get(pk=room.pk), user=user, text=f"{user.username}-{i}")
        except BaseException as error:  # surfaced below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(user,)) for user in writers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert list(RoomEvent.objects.filter(room=room).values_list("seq", flat=True)) == list(range(1, 61))
    assert sorted(ChatMessage.objects.filter(room=room).values_list("seq", flat=True)) == list(range(1, 61))
    assert Room.objects.get(pk=room.pk).last_seq == 60


def test_admin_moderation_is_audited_and_sequenced(admin_client, django_user_model):
    room = Room.objects.create(slug="adm", name="Admin room")
    author = django_user_model.objects.create_user("author", password="x")
    sent = chat.send_message(room=room, user=author, text="rude words")
    response = admin_client.post(
        "/admin/live/chatmessage/",
        {"action": "delete_for_everyone", "_selected_action": [sent.message_id]},
        follow=True,
    )
    assert response.status_code == 200
    message = ChatMessage.objects.get(pk=sent.message_id)
    assert message.deleted_at is not None
    assert RoomEvent.objects.filter(room=room, type="chat.deleted", seq=2).exists()
    action = ModerationAction.objects.get(room=room)
    assert action.action == "chat.delete" and action.target_user == author

    response = admin_client.post(
        f"/admin/live/room/{room.pk}/change/",
        {
            "slug": "adm",
            "kind": "room",
            "name": "Admin room",
            "allow_guests": "on",
            "slow_mode_seconds": "30",
            "locked": "on",
            "blocked_words": "",
            "roles-TOTAL_FORMS": "0",
            "roles-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    room.refresh_from_db()
    assert room.locked and room.slow_mode_seconds == 30
    event = RoomEvent.objects.get(room=room, type="room.updated")
    assert event.data["settings"]["locked"] is True
    assert set(ModerationAction.objects.values_list("action", flat=True)) >= {
        "room.locked",
        "room.slow_mode_seconds",
    }


def test_moderators_cannot_be_banned_and_attendees_cannot_ban():
    room = Room.objects.create(slug="m", name="M")
    organizer = User.objects.create_user("org", password="x", is_staff=True)
    other_mod = User.objects.create_user("org2", password="x", is_staff=True)
    attendee = User.objects.create_user("att", password="x")
    from live.errors import LiveError

    with pytest.raises(LiveError) as refused:
        moderation.ban_user(room=room, actor=organizer, user_id=other_mod.pk)
    assert refused.value.code == "forbidden"
    with pytest.raises(LiveError) as refused:
        moderation.ban_user(room=room, actor=attendee, user_id=organizer.pk)
    assert refused.value.code == "forbidden"
    assert not room.bans.exists()
