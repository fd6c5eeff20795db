from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts.models import ApiToken, Consent, Interest, Organisation, OrganisationMembership, Profile, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, ("Pavilion", {"fields": ("display_name", "timezone")}))
    list_display = ("username", "display_name", "email", "is_staff", "is_active")


class MembershipInline(admin.TabularInline):
    model = OrganisationMembership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "name_en", "kind")
    list_filter = ("kind",)
    search_fields = ("name", "name_en")
    inlines = [MembershipInline]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "user", "name", "created_at", "last_used_at", "revoked")
    readonly_fields = ("key_hash", "prefix", "created_at", "last_used_at")


@admin.register(Interest)
class InterestAdmin(admin.ModelAdmin):
    list_display = ("slug", "name", "name_en", "parent", "position")
    list_filter = ("parent",)
    search_fields = ("slug", "name", "name_en", "synonyms")


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "display_name", "display_name_en", "organisation", "country", "listed_in_directory")
    search_fields = ("user__username", "display_name", "display_name_en", "organisation")
    autocomplete_fields = ["user"]
    filter_horizontal = ["interests"]


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = ("user", "purpose", "granted", "text_version", "created_at")
    list_filter = ("purpose", "granted")
    readonly_fields = ("user", "purpose", "granted", "text_version", "context", "created_at")
