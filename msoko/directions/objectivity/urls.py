from django.urls import path

from msoko.directions.objectivity import views

app_name = "objectivity"
urlpatterns = [
    path("", views.objectivity, name="objectivity"),
    path("schools/<str:code>/", views.evidence, name="evidence"),
    path("schools/<str:code>/dispute/", views.dispute, name="dispute"),
    path("disputes/<int:pk>/what-if/", views.what_if_state, name="what_if"),
]
