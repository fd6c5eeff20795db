"""Business cards: A asks, B accepts or declines; each sees the other's card only when both
consented, each with what they chose to share; consent recorded each way; either withdraws;
decline-and-block stops further requests; notifications for request and accept."""

from __future__ import annotations

import pytest

from accounts.models import Consent
from live.errors import LiveError
from networking import selectors, services
from networking.models import CardExchange

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(person, listed):
    alice, bob = person("alice"), person("bob")
    listed(alice, title="工程师", organisation="甲公司")
    listed(bob, title="Researcher", organisation="Beta Lab")
    return alice, bob


def test_cards_are_seen_only_when_both_consent(pair):
    alice, bob = pair
    exchange = services.request_card(alice, bob.pk, share=["email", "phone"], card={"phone": "+86 138 0000 0000"})
    assert exchange.requester_card == {"email": "alice@example.org", "phone": "+86 138 0000 0000"}
    # Pending: bob sees the request, not alice's contact; alice sees nothing of bob's.
    bob_view = selectors.my_cards(bob)
    assert [e["person"]["id"] for e in bob_view["received"]] == [alice.pk]
    assert bob_view["received"][0]["card"] == {}
    assert selectors.my_cards(alice)["sent"][0]["card"] == {}

    services.respond_card(bob, exchange.pk, accept=True, share=["email", "title"])
    alice_view = selectors.my_cards(alice)["exchanged"][0]
    bob_view = selectors.my_cards(bob)["exchanged"][0]
    assert alice_view["card"] == {"email": "bob@example.org", "title": "Researcher"}  # no organisation: not shared
    assert bob_view["card"] == {"email": "alice@example.org", "phone": "+86 138 0000 0000"}
    purposes = list(Consent.objects.filter(purpose="networking.card").values_list("user_id", "granted"))
    assert sorted(purposes) == sorted([(alice.pk, True), (bob.pk, True)])


def test_asking_someone_who_asked_you_accepts(pair):
    alice, bob = pair
    first = services.request_card(alice, bob.pk)
    second = services.request_card(bob, alice.pk)
    assert second.pk == first.pk and second.status == CardExchange.Status.ACCEPTED
    assert CardExchange.objects.count() == 1


def test_only_the_recipient_answers(pair, person):
    alice, bob = pair
    exchange = services.request_card(alice, bob.pk)
    carol = person("carol")
    for who in (alice, carol):
        with pytest.raises(LiveError) as error:
            services.respond_card(who, exchange.pk, accept=True)
        assert error.value.code in ("invalid_state", "not_found")
    assert CardExchange.objects.get().status == "pending"


def test_withdraw_removes_the_card_from_both_lists(pair):
    alice, bob = pair
    exchange = services.request_card(alice, bob.pk)
    services.respond_card(bob, exchange.pk, accept=True)
    services.withdraw_card(bob, exchange.pk)
    assert selectors.my_cards(alice)["exchanged"] == [] and selectors.my_cards(bob)["exchanged"] == []
    stored = CardExchange.objects.get()
    assert stored.requester_card == {} and stored.recipient_card == {}
    assert Consent.objects.filter(user=bob, purpose="networking.card", granted=False).exists()
    # After a withdrawal either may ask again.
    assert services.request_card(alice, bob.pk).status == "pending"


def test_a_declined_asker_may_not_ask_again_and_a_block_refuses_everything(pair):
    alice, bob = pair
    exchange = services.request_card(alice, bob.pk)
    services.respond_card(bob, exchange.pk, accept=False)
    with pytest.raises(LiveError) as error:
        services.request_card(alice, bob.pk)
    assert error.value.code == "invalid_state"
    # Bob changes his mind: he may ask.
    assert services.request_card(bob, alice.pk).status == "pending"
    # Alice declines and blocks: bob can reach her no more.
    services.respond_card(alice, CardExchange.objects.get().pk, accept=False, block=True)
    for attempt in (lambda: services.request_card(bob, alice.pk), lambda: services.open_direct_room(bob, alice.pk)):
        with pytest.raises(LiveError) as error:
            attempt()
        assert error.value.code == "forbidden"


def test_people_not_in_the_directory_cannot_be_asked(person):
    alice, hermit = person("alice"), person("hermit")
    with pytest.raises(LiveError) as error:
        services.request_card(alice, hermit.pk)
    assert error.value.code == "not_found" and not CardExchange.objects.exists()


def test_request_and_accept_are_notified(pair, django_capture_on_commit_callbacks):
    from notifications.models import Notification

    alice, bob = pair
    with django_capture_on_commit_callbacks(execute=True):
        exchange = services.request_card(alice, bob.pk, message="Met at the AI forum")
    with django_capture_on_commit_callbacks(execute=True):
        services.respond_card(bob, exchange.pk, accept=True)
    kinds = sorted(Notification.objects.values_list("recipient_id", "kind"))
    assert kinds == sorted([(bob.pk, "networking.card_request"), (alice.pk, "networking.card_accepted")])


def test_api_accept_decline_withdraw(client, pair):
    import json

    alice, bob = pair
    client.force_login(alice)
    sent = client.post("/api/networking/cards", json.dumps({"user_id": bob.pk}), content_type="application/json")
    assert sent.status_code == 201 and sent.json()["status"] == "pending"
    pk = sent.json()["id"]
    refused = client.post(f"/api/networking/cards/{pk}/accept", "{}", content_type="application/json")
    assert refused.status_code == 400 and refused.json()["code"] == "invalid_state"
    client.force_login(bob)
    accepted = client.post(
        f"/api/networking/cards/{pk}/accept", json.dumps({"share": ["email"]}), content_type="application/json"
    )
    assert accepted.status_code == 200 and accepted.json()["card"]["email"] == "alice@example.org"
    assert client.get("/api/networking/cards").json()["exchanged"][0]["person"]["id"] == alice.pk
    withdrawn = client.post(f"/api/networking/cards/{pk}/withdraw", "{}", content_type="application/json")
    assert withdrawn.json()["status"] == "withdrawn"
