import pytest

from live.models import RoomRole

pytestmark = pytest.mark.django_db(transaction=True)


async def test_presence_counts_roster_and_staff(connect, make_user, room):
    alice, staff = await make_user("alice"), await make_user("carol")
    await RoomRole.objects.acreate(room=room, user=staff, role="staff")
    a = await connect(alice)
    joined = await a.ok("room.join", room=room.slug)
    assert joined["presence"] == {"count": 1, "staff_online": 0, "roster": [{"id": alice.pk, "name": "Alice"}]}

    s = await connect(staff)
    await s.ok("room.join", room=room.slug)
    guest = await connect()
    await guest.ok("room.join", room=room.slug)
    frame = await a.expect("presence", timeout=3)
    # Broadcasts are coalesced: on a loaded machine the first may still count fewer people.
    for _ in range(3):
        if frame["presence"]["count"] == 3:
            break
        frame = await a.expect("presence", timeout=3)
    assert frame["presence"]["count"] == 3
    assert frame["presence"]["staff_online"] == 1
    assert {p["name"] for p in frame["presence"]["roster"]} == {"Alice", "Carol"}

    # A second tab of the same person is one person.
    await (await connect(alice)).ok("room.join", room=room.slug)
    # A socket that goes away without room.leave still leaves.
    await s.close()
    await guest.close()
    while True:
        frame = await a.expect("presence", timeout=3)
        if frame["presence"]["count"] == 1:
            break
    assert frame["presence"]["staff_online"] == 0
