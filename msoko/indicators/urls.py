from django.urls import path

from msoko.indicators import views

app_name = "indicators"
urlpatterns = [
    path("runs/", views.compute_runs, name="runs"),
]
