from django.apps import AppConfig
from django.db.models.signals import post_save

# A session save that touches none of these leaves the bookmarkers' reminders as they are
# (the stage's stream state is saved often, with update_fields).
REMINDER_FIELDS = frozenset({"starts_at", "ends_at", "title", "title_en", "room"})


def session_saved(sender, instance, created: bool, update_fields=None, **kwargs) -> None:
    if created or (update_fields is not None and not REMINDER_FIELDS & set(update_fields)):
        return
    from agenda.services import sessions_moved

    sessions_moved([instance.pk])


def sessions_moved(sender, session_ids, **kwargs) -> None:
    from agenda.services import sessions_moved

    sessions_moved(session_ids)


class AgendaConfig(AppConfig):
    name = "agenda"
    verbose_name = "Personal agenda (bookmarks, calendar feeds, reminders)"

    def ready(self) -> None:
        from streams.models import Session
        from streams.signals import sessions_moved as moved

        post_save.connect(session_saved, sender=Session, dispatch_uid="agenda.session_saved")
        moved.connect(sessions_moved, dispatch_uid="agenda.sessions_moved")
        from accounts.privacy import register_erasure, register_export
        from agenda.reminders import register_kind
        from agenda.selectors import export_user
        from agenda.services import erase_user

        register_kind()  # notifications' "session_reminder"
        # "Download my data" / "delete my account" (accounts/privacy.py).
        register_export("agenda", export_user)
        register_erasure(erase_user)
