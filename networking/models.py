"""Networking between attendees: business cards exchanged with both people's consent,
blocks (a declined request that may not be repeated, or a report of abuse), and the one
direct-message room of each pair of people.

A card exchange is one row per pair of people, whoever asked first. Each side's card is
what that person chose to share at the time (a snapshot of e-mail, phone, title,
organisation): the other person sees it only while the exchange is `accepted`.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

# The contact fields a person may put on their card.
CARD_FIELDS = ("email", "phone", "title", "organisation")


class CardExchange(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    requester = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cards_requested")
    # The pair whoever asked (smaller id first): one exchange per pair of people.
    user_low = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    user_high = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cards_received")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    message = models.CharField(max_length=300, blank=True)
    # Each side's card as that person chose to share it ({field: value} of CARD_FIELDS).
    requester_card = models.JSONField(default=dict, blank=True)
    recipient_card = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user_low", "user_high"], name="one_card_exchange_per_pair"),
            models.CheckConstraint(condition=~Q(requester=F("recipient")), name="no_card_exchange_with_oneself"),
        ]
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.requester_id} → {self.recipient_id} ({self.status})"

    def other(self, user_id: int) -> int:
        return self.recipient_id if self.requester_id == user_id else self.requester_id


class Block(models.Model):
    """`blocker` wants nothing more from `blocked`: no card requests, no direct messages,
    and neither appears in the other's directory. `reported` marks it as abuse for the
    organizers (the admin lists reports)."""

    blocker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_made")
    blocked = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_received")
    reported = models.BooleanField(default=False)
    reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="one_block_per_pair"),
            models.CheckConstraint(condition=~Q(blocker=F("blocked")), name="no_blocking_oneself"),
        ]
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.blocker_id} blocks {self.blocked_id}"


class DirectRoom(models.Model):
    """The live room (kind `dm`) of one pair of people: `user_low` has the smaller id. A
    participant's account deleted leaves the other their conversation (shown as a deleted
    user)."""

    room = models.OneToOneField("live.Room", on_delete=models.CASCADE, related_name="direct")
    user_low = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="direct_rooms_low"
    )
    user_high = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="direct_rooms_high"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user_low", "user_high"],
                condition=Q(user_low__isnull=False, user_high__isnull=False),
                name="one_direct_room_per_pair",
            )
        ]

    def __str__(self) -> str:
        return f"dm {self.user_low_id}/{self.user_high_id}"

    def participant_ids(self) -> set[int]:
        return {pk for pk in (self.user_low_id, self.user_high_id) if pk is not None}
