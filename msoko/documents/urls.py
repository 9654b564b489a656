from django.urls import path

from msoko.documents import views

app_name = "documents"

urlpatterns = [
    path("procedures/<int:pk>/note/", views.procedure_note_view, name="procedure_note"),
    path("exams/<int:pk>/note/", views.gia_note_view, name="gia_note"),
    path("<str:kind>/", views.report_view, name="report"),
]
