"""What the challenge board and the import plug into (called from apps.py): the `import`
room kind and its frame, the upload guards, the notification kinds."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

MB = 1024 * 1024


def _organizer(user, params: dict[str, str]) -> None:
    from matchmaking.imports.services import require_organizer

    require_organizer(user)


def _logged_in(user, params: dict[str, str]) -> None:
    if not user.is_active:
        raise PermissionDenied("Please log in.")


def register() -> None:
    from accounts.upload_guard import register as guard
    from matchmaking.imports import progress
    from matchmaking.imports.services import MAX_IMPORT_BYTES
    from notifications.kinds import register_kind

    progress.register()
    guard(r"/api/matchmaking/imports", max_bytes=lambda p: MAX_IMPORT_BYTES + MB, check=_organizer)
    guard(r"/organizer/matchmaking/imports/", max_bytes=lambda p: MAX_IMPORT_BYTES + MB, check=_organizer)
    from matchmaking.challenges import MAX_ATTACHMENTS, attachment_limit

    guard(
        r"/api/matchmaking/challenges/(?P<pk>\d+)/proposals",
        max_bytes=lambda p: MAX_ATTACHMENTS * attachment_limit() + MB,
        check=_logged_in,
    )
    guard(
        r"/matchmaking/challenges/(?P<pk>\d+)/",
        max_bytes=lambda p: MAX_ATTACHMENTS * attachment_limit() + MB,
        check=_logged_in,
    )
    register_kind("matchmaking.proposal", label_zh="揭榜方案", label_en="Challenge proposals", email_default=True)
    register_kind("matchmaking.decision", label_zh="揭榜结果", label_en="Challenge decisions", email_default=True)
