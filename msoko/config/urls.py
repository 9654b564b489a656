from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "МСОКО — администрирование"
admin.site.site_title = "МСОКО"
admin.site.index_title = "Справочники и данные"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("msoko.web.urls")),
    path("", include("msoko.core.urls")),
    path("registry/", include("msoko.registry.urls")),
    path("indicators/", include("msoko.pipeline.urls")),
    path("objectivity/", include("msoko.directions.objectivity.urls")),
    path("support/", include("msoko.directions.low_results.urls")),
    path("talents/", include("msoko.directions.talents.urls")),
    path("teachers/", include("msoko.directions.teachers.urls")),
    path("career/", include("msoko.directions.career.urls")),
    path("methodical/", include("msoko.directions.methodical.urls")),
    path("principals/", include("msoko.directions.principals.urls")),
    path("campaigns/", include("msoko.collection.campaigns.urls")),
    path("surveys/", include("msoko.collection.surveys.urls")),
    path("roadmaps/", include("msoko.roadmaps.urls")),
    path("public/", include("msoko.publication.urls")),
    path("documents/", include("msoko.documents.urls")),
    path("cycle/", include("msoko.cycle.urls")),
    path("assessments/", include("msoko.assessments.urls")),
    path("assessments/", include("msoko.directions.achievement.urls")),
]
