"""Favourites (a person's bookmarks of postings) and ratings (one organisation's stars for
its counterpart in one posting's conversation: one per pair and posting, only once they
have talked; services check the conversation)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

COMMENT_MAX = 2000


class Favourite(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="matchmaking_favourites")
    posting = models.ForeignKey("matchmaking.Posting", on_delete=models.CASCADE, related_name="favourites")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["user", "posting"], name="one_favourite_per_posting")]

    def __str__(self) -> str:
        return f"{self.user_id} ♥ posting {self.posting_id}"


class Rating(models.Model):
    posting = models.ForeignKey("matchmaking.Posting", on_delete=models.CASCADE, related_name="ratings")
    rater = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="ratings_given")
    rated = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="ratings_received")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    stars = models.PositiveSmallIntegerField()
    comment = models.TextField(max_length=COMMENT_MAX, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["posting", "rater", "rated"], name="one_rating_per_pair_and_posting"),
            models.CheckConstraint(condition=Q(stars__gte=1) & Q(stars__lte=5), name="rating_stars_1_to_5"),
            models.CheckConstraint(condition=~Q(rater=F("rated")), name="no_rating_of_oneself"),
        ]

    def __str__(self) -> str:
        return f"{self.rater_id} → {self.rated_id}: {self.stars}★ (posting {self.posting_id})"
