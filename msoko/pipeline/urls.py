from django.urls import path

from msoko.pipeline import views

app_name = "pipeline"
urlpatterns = [
    path("runs/", views.compute_runs, name="runs"),
]
