"""Where the activities app keeps files.

Consultation documents are private: they live outside MEDIA_ROOT (which DEBUG and the
production web server serve as /media/), so the only way to them is the download view that
checks the case's participants (activities.consultations.document_for). Pitch slides and
videos are public to the roadshow's audience, but they are served the same way (through
/api/activities/pitches/{id}/slides|video) so that a replaced file is never left reachable
and nothing depends on how /media/ is served."""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage


def private_root() -> Path:
    """settings.ACTIVITIES_PRIVATE_ROOT, else a sibling of MEDIA_ROOT ("media-private")."""
    configured = getattr(settings, "ACTIVITIES_PRIVATE_ROOT", None)
    if configured:
        return Path(configured)
    media = Path(settings.MEDIA_ROOT)
    return media.with_name(media.name + "-private")


class PrivateStorage(FileSystemStorage):
    """A file system storage whose root is read from the settings at each use (Django builds a
    field's storage once, at import), so that a changed MEDIA_ROOT moves it too."""

    @property
    def base_location(self) -> str:  # type: ignore[override]
        return str(private_root())

    @property
    def location(self) -> str:  # type: ignore[override]
        return os.path.abspath(self.base_location)


def private_storage() -> Storage:
    # A callable (not an instance), so that the migrations keep a reference to it.
    return PrivateStorage()
