from django.urls import path

from msoko.directions.achievement import views

app_name = "achievement"

urlpatterns = [
    path("marks/", views.journal_marks, name="marks"),
    path("procedures/<int:pk>/analysis/", views.procedure_analysis, name="procedure_analysis"),
    path("procedures/<int:pk>/schools/<str:code>/", views.school_analysis, name="school_analysis"),
    path(
        "procedures/<int:pk>/schools/<str:code>/classes/<str:class_name>/",
        views.class_analysis,
        name="class_analysis",
    ),
]
