"""Moderation in the admin goes through the same services as the socket, so every action
is audited and every room hears of it."""

from django.contrib import admin, messages

from live.errors import LiveError
from live.models import ChatMessage, ModerationAction, Poll, PollOption, Question, Room, RoomBan, RoomMute, RoomRole
from live.services import chat, moderation, qa


class RoomRoleInline(admin.TabularInline):
    model = RoomRole
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "kind", "locked", "slow_mode_seconds", "qa_moderated", "last_seq")
    list_filter = ("kind", "locked", "qa_moderated")
    search_fields = ("name", "slug")
    readonly_fields = ("last_seq", "created_at")
    inlines = [RoomRoleInline]
    actions = ["lock_rooms", "unlock_rooms"]

    def save_model(self, request, obj, form, change):
        if not change:
            return super().save_model(request, obj, form, change)
        changes = {f: form.cleaned_data[f] for f in form.changed_data if f in moderation.SETTING_FIELDS}
        other = [f for f in form.changed_data if f not in moderation.SETTING_FIELDS]
        if other:
            Room.objects.filter(pk=obj.pk).update(**{f: form.cleaned_data[f] for f in other})
        if changes:
            moderation.update_room_settings(room=Room.objects.get(pk=obj.pk), actor=request.user, **changes)

    def _set_locked(self, request, queryset, locked: bool) -> None:
        for room in queryset:
            moderation.update_room_settings(room=room, actor=request.user, locked=locked)
        self.message_user(request, f"{queryset.count()} room(s) {'locked' if locked else 'unlocked'}.")

    @admin.action(description="Lock selected rooms")
    def lock_rooms(self, request, queryset):
        self._set_locked(request, queryset, True)

    @admin.action(description="Unlock selected rooms")
    def unlock_rooms(self, request, queryset):
        self._set_locked(request, queryset, False)


@admin.register(ChatMessage)
class ChatMessageAdmin(admin.ModelAdmin):
    list_display = ("room", "seq", "author", "text", "created_at", "deleted_at")
    list_filter = ("room",)
    search_fields = ("text", "author__username")
    readonly_fields = ("room", "seq", "author", "text", "client_ref", "created_at", "deleted_at", "deleted_by")
    actions = ["delete_for_everyone"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # Deleting rows would punch holes in history; moderation marks them deleted instead.
        return False

    @admin.action(description="Delete selected messages for everyone (moderation)")
    def delete_for_everyone(self, request, queryset):
        done = 0
        for message in queryset.select_related("room"):
            try:
                chat.delete_message(room=message.room, user=request.user, message_id=message.pk)
                done += 1
            except LiveError as error:
                self.message_user(request, f"Message {message.pk}: {error.message}", messages.WARNING)
        self.message_user(request, f"{done} message(s) deleted.")


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ("room", "text", "author", "status", "votes", "answered", "pinned")
    list_filter = ("status", "room")
    readonly_fields = ("room", "author", "text", "votes", "client_ref", "created_at", "status", "answered", "pinned")
    actions = ["approve", "dismiss"]

    def _moderate(self, request, queryset, action: str) -> None:
        for question in queryset.select_related("room"):
            try:
                qa.moderate_question(room=question.room, user=request.user, question_id=question.pk, action=action)
            except LiveError as error:
                self.message_user(request, f"Question {question.pk}: {error.message}", messages.WARNING)

    @admin.action(description="Approve selected questions")
    def approve(self, request, queryset):
        self._moderate(request, queryset, "approve")

    @admin.action(description="Dismiss selected questions")
    def dismiss(self, request, queryset):
        self._moderate(request, queryset, "dismiss")


class PollOptionInline(admin.TabularInline):
    model = PollOption
    extra = 0
    readonly_fields = ("position", "text")


@admin.register(Poll)
class PollAdmin(admin.ModelAdmin):
    list_display = ("question", "room", "state", "created_at")
    list_filter = ("state",)
    readonly_fields = ("state",)
    inlines = [PollOptionInline]


@admin.register(RoomMute)
class RoomMuteAdmin(admin.ModelAdmin):
    list_display = ("room", "user", "until", "reason")
    autocomplete_fields = ["user"]

    def save_model(self, request, obj, form, change):
        from django.utils import timezone

        minutes = max(1, int((obj.until - timezone.now()).total_seconds() // 60))
        moderation.mute_user(room=obj.room, actor=request.user, user_id=obj.user_id, minutes=minutes, reason=obj.reason)

    def delete_model(self, request, obj):
        moderation.unmute_user(room=obj.room, actor=request.user, user_id=obj.user_id)


@admin.register(RoomBan)
class RoomBanAdmin(admin.ModelAdmin):
    list_display = ("room", "user", "reason", "created_at")
    autocomplete_fields = ["user"]

    def save_model(self, request, obj, form, change):
        moderation.ban_user(room=obj.room, actor=request.user, user_id=obj.user_id, reason=obj.reason)

    def delete_model(self, request, obj):
        moderation.unban_user(room=obj.room, actor=request.user, user_id=obj.user_id)


@admin.register(ModerationAction)
class ModerationActionAdmin(admin.ModelAdmin):
    list_display = ("created_at", "room", "actor", "action", "target_user")
    list_filter = ("action", "room")
    readonly_fields = ("created_at", "room", "actor", "action", "target_user", "details")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
