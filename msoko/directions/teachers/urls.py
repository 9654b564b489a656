from django.urls import path

from msoko.directions.teachers import views

app_name = "teachers"
urlpatterns = [
    path("", views.development, name="development"),
]
