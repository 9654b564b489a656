from django.contrib import admin

from msoko.collection.campaigns.models import Campaign, Checklist, ChecklistItem, Submission


class ChecklistItemInline(admin.TabularInline):
    model = ChecklistItem
    extra = 0


@admin.register(Checklist)
class ChecklistAdmin(admin.ModelAdmin):
    list_display = ("title", "code", "indicator_code")
    inlines = [ChecklistItemInline]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("title", "school_year", "starts_on", "deadline", "ends_on")
    list_filter = ("school_year",)


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ("campaign", "organization", "state", "submitted_at", "score")
    list_filter = ("state", "campaign")
    raw_id_fields = ("organization", "submitted_by", "reviewed_by")
