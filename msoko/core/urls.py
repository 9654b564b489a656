from django.contrib.auth.views import LogoutView
from django.urls import path

from msoko.core import views

urlpatterns = [
    path("login/", views.MsokoLoginView.as_view(), name="login"),
    path("logout/", LogoutView.as_view(), name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("imports/", views.imports, name="imports"),
    path("upload/", views.upload, name="upload"),
    path("upload/<str:code>/", views.upload, name="upload_kind"),
    path("imports/<int:pk>/file/", views.import_file, name="import_file"),
    path("audit/", views.audit, name="audit"),
]
