from django.contrib.auth.views import LogoutView
from django.urls import path

from msoko.core import views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.MsokoLoginView.as_view(), name="login"),
    path("logout/", LogoutView.as_view(), name="logout"),
    path("directions/<slug:slug>/", views.direction, name="direction"),
    path("imports/", views.imports, name="imports"),
    path("imports/<int:pk>/file/", views.import_file, name="import_file"),
    path("audit/", views.audit, name="audit"),
]
