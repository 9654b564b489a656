from django.urls import path

from msoko.pipeline import views

app_name = "pipeline"
urlpatterns = [
    path("runs/", views.compute_runs, name="runs"),
    path("runs/recompute/", views.recompute, name="recompute"),
    path("runs/<int:pk>/state/", views.run_state, name="run_state"),
]
