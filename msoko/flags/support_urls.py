from django.urls import path

from msoko.flags import support_views

app_name = "support"
urlpatterns = [
    path("", support_views.schools, name="schools"),
    path("schools/<str:code>/", support_views.school, name="school"),
    path("schools/<str:code>/confirm/", support_views.confirm, name="confirm"),
]
