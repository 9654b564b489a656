from django.urls import path

from msoko.roadmaps import views

app_name = "roadmaps"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("<int:pk>/", views.detail, name="detail"),
    path("activity/<int:pk>/", views.activity, name="activity"),
    path("activity/<int:pk>/evidence/", views.evidence, name="evidence"),
    path("upload/", views.upload, name="upload"),
    path("upload/confirm/", views.upload_confirm, name="upload_confirm"),
    path("export/", views.export, name="export"),
]
