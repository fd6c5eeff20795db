from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from halls import services
from halls.models import (
    ApplicationStateChange,
    Board,
    Booth,
    BoothApplication,
    BoothVisit,
    CallRequest,
    Hall,
    Lead,
    Zone,
)


class ZoneInline(admin.TabularInline):
    model = Zone
    extra = 0
    fields = ["order", "code", "slug", "name", "name_en"]


class BoardInline(admin.TabularInline):
    model = Board
    extra = 0
    fields = ["order", "code", "slug", "name", "name_en", "hosts"]


@admin.register(Hall)
class HallAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "applications_close_at"]
    inlines = [ZoneInline]


@admin.register(Zone)
class ZoneAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "code", "hall", "order"]
    list_filter = ["hall"]
    inlines = [BoardInline]


@admin.register(Board)
class BoardAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "code", "zone", "order"]
    list_filter = ["zone"]


@admin.register(Booth)
class BoothAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "name_en", "organisation", "zone", "board", "template", "status"]
    list_filter = ["status", "zone", "board", "template"]
    search_fields = ["name", "name_en", "organisation__name", "number"]
    raw_id_fields = ["organisation", "room"]


class StateChangeInline(admin.TabularInline):
    model = ApplicationStateChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "actor", "note", "at"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(BoothApplication)
class BoothApplicationAdmin(admin.ModelAdmin):
    list_display = ["pk", "organisation", "zone", "board", "status", "submitted_at"]
    list_filter = ["status", "zone"]
    search_fields = ["organisation__name", "contact_name", "contact_email"]
    # The state is changed through the flow (the actions below), never by editing the field.
    readonly_fields = [
        "status",
        "rejection_reason",
        "reviewed_by",
        "reviewed_at",
        "confirmation_document",
        "confirmation_sent_at",
        "signed_confirmation",
        "signed_content_type",
        "signed_uploaded_at",
        "booth",
        "submitted_at",
    ]
    raw_id_fields = ["organisation", "applicant"]
    inlines = [StateChangeInline]
    actions = ["approve", "go_live"]

    def _run(self, request, queryset, step, done: str) -> None:
        count = 0
        for application in queryset:
            try:
                step(application=application, user=request.user)
                count += 1
            except (ValidationError, PermissionDenied) as error:
                self.message_user(
                    request, f"#{application.pk}: {' '.join(getattr(error, 'messages', [str(error)]))}", messages.ERROR
                )
        if count:
            self.message_user(request, f"{count} application(s) {done}.", messages.SUCCESS)

    @admin.action(description=_("Approve and send the confirmation"))
    def approve(self, request, queryset) -> None:
        self._run(request, queryset, services.approve_application, "approved")

    @admin.action(description=_("Open the booth (go live)"))
    def go_live(self, request, queryset) -> None:
        self._run(request, queryset, services.go_live, "live")


@admin.register(ApplicationStateChange)
class ApplicationStateChangeAdmin(admin.ModelAdmin):
    list_display = ["application", "from_status", "to_status", "actor", "at"]
    list_filter = ["to_status"]


@admin.register(Lead)
class LeadAdmin(admin.ModelAdmin):
    list_display = ["pk", "booth", "source", "category", "auto_category", "consent", "created_at"]
    list_filter = ["source", "category", "booth__zone"]
    search_fields = ["contact_name", "contact_email", "message", "booth__name"]
    raw_id_fields = ["booth", "visitor", "category_corrected_by"]


@admin.register(CallRequest)
class CallRequestAdmin(admin.ModelAdmin):
    list_display = ["pk", "booth", "visitor", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["lead", "booth", "visitor", "handled_by"]


@admin.register(BoothVisit)
class BoothVisitAdmin(admin.ModelAdmin):
    list_display = ["booth", "visitor", "session_key", "entered_at", "left_at"]
    raw_id_fields = ["booth", "visitor"]


# Booth content: browse and delete here; adding and changing go through the editor page or
# the JSON endpoints, which check every upload's bytes and size (halls/content/services.py).
from halls.content.models import BoothAd, BoothDocument, BoothPoster, BoothVideo, CommentaryStop  # noqa: E402


class BoothContentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "booth", "order", "title", "title_en", "updated_at"]
    list_filter = ["booth__zone"]
    search_fields = ["title", "title_en", "booth__name", "booth__number"]
    list_select_related = ["booth"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    # Deleting goes through the service too, so the item's files leave storage (and the
    # media view) with it instead of staying reachable at their URLs.
    def delete_model(self, request, obj) -> None:
        from halls.content import services

        services.delete_item(item=obj, user=request.user)

    def delete_queryset(self, request, queryset) -> None:
        for obj in queryset.select_related("booth"):
            self.delete_model(request, obj)


for content_model in (BoothVideo, BoothPoster, BoothDocument, CommentaryStop):
    admin.site.register(content_model, BoothContentAdmin)


@admin.register(BoothAd)
class BoothAdAdmin(BoothContentAdmin):
    list_display = ["__str__", "booth", "slot", "kind", "starts_at", "ends_at"]
