from django.urls import path

from msoko.registry import views

app_name = "registry"

urlpatterns = [
    path("organizations/", views.organizations, name="organizations"),
    path("organizations/<str:code>/", views.organization, name="organization"),
    path("classes/", views.classes, name="classes"),
    path("classes/<int:pk>/", views.class_detail, name="class"),
    path("teachers/", views.teachers, name="teachers"),
    path("import/", views.registry_import, name="import"),
    path("import/template/<slug:kind>.csv", views.import_template, name="import_template"),
]
