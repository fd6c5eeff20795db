"""What streams tells the apps above it. A session's own save sends Django's `post_save`;
moves that bypass it (a queryset update of many sessions at once) send `sessions_moved`."""

from django.dispatch import Signal

# Sent after the sessions' new times are committed: `session_ids` (a list of Session pks).
# The personal agenda re-schedules the reminders of everyone who bookmarked one of them.
sessions_moved = Signal()
