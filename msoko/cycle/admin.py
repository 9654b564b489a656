from django.contrib import admin

from msoko.cycle.models import Finding, Measure, MeasureIndicator, Recommendation, RecommendationRule


@admin.register(Finding)
class FindingAdmin(admin.ModelAdmin):
    list_display = ("school_year", "org_code", "code", "direction", "opened_on", "closed_on")
    list_filter = ("school_year", "direction", "source")
    search_fields = ("org_code", "code")


@admin.register(RecommendationRule)
class RecommendationRuleAdmin(admin.ModelAdmin):
    list_display = ("title", "match_kind", "match_value", "addressee", "due_days", "active")


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ("number", "school_year", "addressee_name", "status", "due_on")
    list_filter = ("status", "school_year", "direction")
    raw_id_fields = ("finding", "organization")

    @admin.display(description="№", ordering="pk")
    def number(self, obj: Recommendation) -> int:
        return obj.pk


class MeasureIndicatorInline(admin.TabularInline):
    model = MeasureIndicator
    extra = 0


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "direction", "starts_on", "ends_on")
    list_filter = ("kind", "direction")
    inlines = [MeasureIndicatorInline]
    filter_horizontal = ("organizations",)
    raw_id_fields = ("findings", "recommendations")
