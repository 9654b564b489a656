from django.urls import path

from msoko.directions.principals import views

app_name = "principals"
urlpatterns = [
    path("", views.effectiveness, name="effectiveness"),
]
