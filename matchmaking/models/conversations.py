"""在线洽谈: the private conversation of a posting's organisation and one responding
organisation. One per posting and responder; only the two organisations' members see it
(selectors answer 404 to anyone else, organizers included: negotiations are private)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

MESSAGE_MAX = 5000


class Conversation(models.Model):
    posting = models.ForeignKey("matchmaking.Posting", on_delete=models.CASCADE, related_name="conversations")
    responder = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="matchmaking_conversations"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_message_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-last_message_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["posting", "responder"], name="one_conversation_per_responder")]

    def __str__(self) -> str:
        return f"conversation {self.pk}: org {self.responder_id} on posting {self.posting_id}"

    def organisation_ids(self) -> tuple[int, int]:
        """(the poster's organisation, the responder's)."""
        return (self.posting.organisation_id, self.responder_id)


class Message(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The side the author wrote for (a person may belong to both organisations).
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    body = models.TextField(max_length=MESSAGE_MAX, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["conversation", "created_at"], name="message_thread")]

    def __str__(self) -> str:
        return f"message {self.pk} in conversation {self.conversation_id}"


class MessageAttachment(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="matchmaking/messages/")
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.name} of message {self.message_id}"
