"""Organizers (staff) edit the programme here; new sessions go through the service so
that each gets its stage room."""

from django.contrib import admin

from streams import services
from streams.models import Event, EventModerator, Interpreter, Recording, Session, Speaker


class EventModeratorInline(admin.TabularInline):
    model = EventModerator
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("name", "name_en", "slug", "starts_at", "ends_at", "timezone")
    search_fields = ("name", "name_en", "slug")
    prepopulated_fields = {"slug": ("name_en",)}
    inlines = [EventModeratorInline]


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ("name", "name_en", "title", "affiliation", "user")
    search_fields = ("name", "name_en", "affiliation", "affiliation_en")
    autocomplete_fields = ["user"]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ("title", "title_en", "kind", "event", "starts_at", "ends_at", "room")
    list_filter = ("event", "kind")
    search_fields = ("title", "title_en", "slug")
    date_hierarchy = "starts_at"
    readonly_fields = ("room",)
    filter_horizontal = ("speakers",)
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ("title_en",)}

    def save_model(self, request, obj, form, change):
        if change:
            # The form already set the new values on obj; the service validates, saves and
            # keeps the stage room's name in step.
            fields = {f: form.cleaned_data[f] for f in form.changed_data if f in services.SESSION_FIELDS}
            services.update_session(session=obj, **fields)
            return
        created = services.create_session(
            event=obj.event,
            kind=obj.kind,
            title=obj.title,
            title_en=obj.title_en,
            description=obj.description,
            description_en=obj.description_en,
            starts_at=obj.starts_at,
            ends_at=obj.ends_at,
            parent=obj.parent,
            slug=obj.slug,
        )
        # obj is form.instance: the admin saves the speakers on it next and redirects to it.
        obj.pk, obj.slug, obj.room = created.pk, created.slug, created.room
        obj._state.adding, obj._state.db = False, created._state.db


@admin.register(EventModerator)
class EventModeratorAdmin(admin.ModelAdmin):
    list_display = ("event", "user")
    list_filter = ("event",)
    autocomplete_fields = ["user"]


@admin.register(Recording)
class RecordingAdmin(admin.ModelAdmin):
    list_display = ("session", "started_at", "ended_at", "duration_seconds", "run_id")
    list_select_related = ("session",)
    readonly_fields = ("session", "run_id", "room_slug", "started_at", "ended_at", "duration_seconds")


@admin.register(Interpreter)
class InterpreterAdmin(admin.ModelAdmin):
    """Organizers assign a stage's interpreters here (one row per person and language)."""

    list_display = ("session", "language", "user")
    list_filter = ("language", "session__event")
    autocomplete_fields = ["session", "user"]
