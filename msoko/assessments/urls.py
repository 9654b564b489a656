from django.urls import path

from msoko.assessments import views

app_name = "assessments"

urlpatterns = [
    path("", views.procedures, name="procedures"),
    path("procedures/<int:pk>/", views.procedure_detail, name="procedure"),
    path("procedures/<int:pk>/reference/", views.procedure_reference, name="procedure_reference"),
    path(
        "procedures/<int:pk>/reference.xlsx", views.procedure_reference_xlsx, name="procedure_reference_xlsx"
    ),
    path("upload/", views.upload, name="upload"),
    path("upload/<int:pk>/errors.xlsx", views.upload_errors, name="upload_errors"),
    path("batches/<int:pk>/", views.batch_detail, name="batch"),
    path("batches/<int:pk>/correct/", views.batch_correct, name="batch_correct"),
    path("batches/<int:pk>/quarantine.xlsx", views.batch_quarantine, name="batch_quarantine"),
    path("schemes/", views.schemes, name="schemes"),
    path("schemes/upload/", views.scheme_upload, name="scheme_upload"),
    path("schemes/<int:pk>/", views.scheme_detail, name="scheme"),
    path("schemes/<int:pk>/edit/", views.scheme_edit, name="scheme_edit"),
    path("schemes/<int:pk>/scheme.yaml", views.scheme_yaml, name="scheme_yaml"),
]
