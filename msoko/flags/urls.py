from django.urls import path

from msoko.flags import views

app_name = "flags"
urlpatterns = [
    path("", views.objectivity, name="objectivity"),
    path("schools/<str:code>/", views.evidence, name="evidence"),
    path("schools/<str:code>/dispute/", views.dispute, name="dispute"),
]
