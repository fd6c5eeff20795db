"""Organizers may edit zones, city cards and jobs here too; admission and publishing go
through the services (the pages and the API) so that the refusals apply."""

from django.contrib import admin

from recruitment.models import CityCard, Job, JobFairZone, ZoneEmployer


class CityCardInline(admin.StackedInline):
    model = CityCard
    extra = 0


@admin.register(JobFairZone)
class JobFairZoneAdmin(admin.ModelAdmin):
    list_display = ("name", "name_en", "slug", "starts_on", "ends_on", "position")
    search_fields = ("name", "name_en", "slug")
    filter_horizontal = ("policy_talks",)
    inlines = [CityCardInline]


@admin.register(ZoneEmployer)
class ZoneEmployerAdmin(admin.ModelAdmin):
    list_display = ("zone", "organisation", "status", "requested_at", "decided_at")
    list_filter = ("zone", "status")
    raw_id_fields = ("organisation", "requested_by", "decided_by")


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    """Pinning happens on the stage (stage.pin_job) so viewers hear of it."""

    list_display = ("title", "title_en", "organisation", "zone", "city", "status", "deadline")
    list_filter = ("status", "zone", "education")
    list_select_related = ("organisation", "zone")
    search_fields = ("title", "title_en", "organisation__name", "organisation__name_en")
    raw_id_fields = ("organisation", "created_by", "field")
    filter_horizontal = ("skills",)
