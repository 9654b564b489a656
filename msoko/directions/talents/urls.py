from django.urls import path

from msoko.directions.talents import views

app_name = "talents"
urlpatterns = [
    path("", views.olympiad, name="olympiad"),
]
