from django.urls import path

from msoko.directions.career import views

app_name = "career"
urlpatterns = [
    path("", views.ege, name="ege"),
]
