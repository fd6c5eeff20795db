"""A booth's content beyond its description and logo: videos, posters, documents, ads and
the guided commentary, each in Chinese and English (`*_en` empty = show the Chinese).

Files are stored under `halls/content/<booth id>/` with random names and the extension of
what their bytes are (halls/uploads.py); `content_type` is that sniffed type, which is what
the media view (halls/content/media.py) answers with. Imported by halls/models.py so that
Django registers them in the `halls` app.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class BoothContent(models.Model):
    """What every kind of content has: its booth, a place in its list, a bilingual title."""

    booth = models.ForeignKey("halls.Booth", on_delete=models.CASCADE)
    order = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=200, blank=True)
    title_en = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk} of booth {self.booth_id}: {self.title}"


class BoothVideo(BoothContent):
    """A film on a booth screen: an uploaded MP4/WebM (served with range requests) or a link
    to a video elsewhere; either way with an optional poster image shown before it plays."""

    booth = models.ForeignKey("halls.Booth", on_delete=models.CASCADE, related_name="videos")
    file = models.FileField(upload_to="halls/content/", blank=True)
    content_type = models.CharField(max_length=40, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    link = models.URLField(max_length=500, blank=True)
    poster = models.FileField(upload_to="halls/content/", blank=True)
    poster_content_type = models.CharField(max_length=40, blank=True)

    class Meta(BoothContent.Meta):
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(link="")) | (~Q(file="") & Q(link="")), name="video_is_file_or_link"
            )
        ]


class BoothPoster(BoothContent):
    """A picture on a side wall (展板)."""

    booth = models.ForeignKey("halls.Booth", on_delete=models.CASCADE, related_name="posters")
    image = models.FileField(upload_to="halls/content/")
    content_type = models.CharField(max_length=40)
    size = models.PositiveBigIntegerField(default=0)


class BoothDocument(BoothContent):
    """A PDF visitors can open or download (brochures, job lists)."""

    booth = models.ForeignKey("halls.Booth", on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to="halls/content/")
    content_type = models.CharField(max_length=40, default="application/pdf")
    size = models.PositiveBigIntegerField(default=0)


class BoothAd(BoothContent):
    """An advertisement in one of the booth's ad areas (`slot`: 0 left, 1 right; how many a
    booth has depends on its template). Static image, animated GIF/WebP, or video. Shown
    from `starts_at` (empty = already) until `ends_at` (empty = open-ended); when several
    in a slot are running, the one that started last is current."""

    class Kind(models.TextChoices):
        IMAGE = "image", "Image"
        VIDEO = "video", "Video"

    booth = models.ForeignKey("halls.Booth", on_delete=models.CASCADE, related_name="ads")
    slot = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    file = models.FileField(upload_to="halls/content/")
    content_type = models.CharField(max_length=40)
    size = models.PositiveBigIntegerField(default=0)
    link = models.URLField(max_length=500, blank=True, help_text="Where a click on the ad goes.")
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)

    class Meta(BoothContent.Meta):
        ordering = ["slot", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True) | Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="ad_ends_after_start",
            )
        ]


class CommentaryStop(BoothContent):
    """One stop of the guided commentary (讲解): where to stand in the booth scene (x, y, z in
    the booth's own frame, metres), optionally where to look and which object it explains,
    what is said (zh/en) and an optional recording."""

    booth = models.ForeignKey("halls.Booth", on_delete=models.CASCADE, related_name="commentary")
    x = models.FloatField()
    y = models.FloatField(default=0)
    z = models.FloatField()
    look_at_x = models.FloatField(null=True, blank=True)
    look_at_y = models.FloatField(null=True, blank=True)
    look_at_z = models.FloatField(null=True, blank=True)
    target = models.CharField(max_length=100, blank=True, help_text="Name of the scene object this stop explains.")
    text = models.TextField(blank=True)
    text_en = models.TextField(blank=True)
    audio = models.FileField(upload_to="halls/content/", blank=True)
    audio_content_type = models.CharField(max_length=40, blank=True)

    @property
    def look_at(self) -> list[float] | None:
        if self.look_at_x is None or self.look_at_y is None or self.look_at_z is None:
            return None
        return [self.look_at_x, self.look_at_y, self.look_at_z]
