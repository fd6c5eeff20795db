"""Live rooms: the stored state behind the WebSocket protocol.

Every public change to a room is a RoomEvent with a per-room, gap-free `seq`
(Room.last_seq is bumped in the same transaction that stores the event), which is
what lets a reconnecting client resume with `since_seq` and miss nothing.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


class Room(models.Model):
    slug = models.SlugField(max_length=120, unique=True)
    # A kind registered by an app (stage, booth, forum, …); see live.registry.
    kind = models.CharField(max_length=40, default="room")
    name = models.CharField(max_length=200)
    allow_guests = models.BooleanField(default=True, help_text="People who are not logged in may watch.")
    qa_moderated = models.BooleanField(default=False, help_text="Questions wait for a moderator's approval.")
    slow_mode_seconds = models.PositiveIntegerField(default=0)
    locked = models.BooleanField(default=False, help_text="Only moderators may post.")
    blocked_words = models.TextField(
        blank=True, help_text="One word or phrase per line; messages containing one are refused."
    )
    last_seq = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.kind})"

    def blocked_word_list(self) -> list[str]:
        return [w.strip().lower() for w in self.blocked_words.splitlines() if w.strip()]


class RoomRole(models.Model):
    class Role(models.TextChoices):
        MODERATOR = "moderator", "Moderator"
        SPEAKER = "speaker", "Speaker"
        STAFF = "staff", "Staff"

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="roles")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="room_roles")
    role = models.CharField(max_length=20, choices=Role.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["room", "user", "role"], name="unique_room_role")]

    def __str__(self) -> str:
        return f"{self.user} is {self.role} in {self.room}"


class RoomEvent(models.Model):
    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="events")
    seq = models.BigIntegerField()
    type = models.CharField(max_length=40)
    data = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["room", "seq"], name="unique_room_seq")]
        ordering = ["room", "seq"]

    def __str__(self) -> str:
        return f"{self.room.slug}#{self.seq} {self.type}"


class ChatMessage(models.Model):
    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="messages")
    seq = models.BigIntegerField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_messages")
    text = models.TextField()
    client_ref = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            # Resending a frame with the same ref after a lost ack must not store it twice.
            models.UniqueConstraint(
                fields=["room", "author", "client_ref"], condition=~Q(client_ref=""), name="chat_idempotent_ref"
            )
        ]
        indexes = [models.Index(fields=["room", "author", "-created_at"])]
        ordering = ["room", "seq"]

    def __str__(self) -> str:
        return f"{self.room.slug}#{self.seq} {self.text[:40]}"


class MessageReaction(models.Model):
    message = models.ForeignKey(ChatMessage, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    emoji = models.CharField(max_length=16)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["message", "user", "emoji"], name="one_reaction_each")]

    def __str__(self) -> str:
        return f"{self.emoji} on {self.message_id}"


class Question(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        DISMISSED = "dismissed", "Dismissed"

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="questions")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="questions")
    text = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices)
    answered = models.BooleanField(default=False)
    pinned = models.BooleanField(default=False)
    votes = models.PositiveIntegerField(default=0)
    client_ref = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["room", "author", "client_ref"], condition=~Q(client_ref=""), name="question_idempotent_ref"
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]


class QuestionVote(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="vote_set")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["question", "user"], name="one_upvote_each")]

    def __str__(self) -> str:
        return f"vote on {self.question_id}"


class Poll(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="polls")
    question = models.CharField(max_length=300)
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.question


class PollOption(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=200)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.text


class PollVote(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="votes")
    option = models.ForeignKey(PollOption, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "user"], name="one_poll_vote_each")]

    def __str__(self) -> str:
        return f"vote on poll {self.poll_id}"


class RoomMute(models.Model):
    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="mutes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    until = models.DateTimeField()
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["room", "user"], name="one_mute_per_room")]

    def __str__(self) -> str:
        return f"{self.user} muted in {self.room} until {self.until:%Y-%m-%d %H:%M}"


class RoomBan(models.Model):
    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="bans")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["room", "user"], name="one_ban_per_room")]

    def __str__(self) -> str:
        return f"{self.user} banned from {self.room}"


class ModerationAction(models.Model):
    """The audit log: every moderator action, over the socket or in the admin."""

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="moderation_actions")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    action = models.CharField(max_length=40)
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.action} by {self.actor} in {self.room}"
