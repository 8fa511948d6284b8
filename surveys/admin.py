from django.contrib import admin

from surveys.models import ImportJob, SavedMapping, Survey, SurveyQuestion, SurveyResponse


class SurveyQuestionInline(admin.TabularInline):
    model = SurveyQuestion
    extra = 0


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["title", "study", "is_open", "created_at"]
    list_filter = ["is_open", "study__client"]
    search_fields = ["title", "study__name"]
    readonly_fields = ["token"]
    inlines = [SurveyQuestionInline]


@admin.register(SurveyResponse)
class SurveyResponseAdmin(admin.ModelAdmin):
    list_display = ["survey", "submitted_at", "evidence"]
    list_filter = ["survey__study__client"]
    raw_id_fields = ["evidence"]


@admin.register(SavedMapping)
class SavedMappingAdmin(admin.ModelAdmin):
    list_display = ["name", "client", "updated_at"]
    list_filter = ["client"]


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["filename", "study", "status", "row_count", "progress", "created_at"]
    list_filter = ["status", "study__client"]
    exclude = ["content"]
    readonly_fields = ["preview", "result", "timings", "error"]
