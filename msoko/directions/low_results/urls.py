from django.urls import path

from msoko.directions.low_results import views

app_name = "low_results"
urlpatterns = [
    path("", views.schools, name="schools"),
    path("schools/<str:code>/", views.school, name="school"),
    path("schools/<str:code>/confirm/", views.confirm, name="confirm"),
]
