from django.urls import path

from msoko.publication import views

app_name = "publication"

urlpatterns = [
    path("", views.public_page, name="public"),
    path("manage/", views.manage, name="manage"),
    path("<slug:year>.csv", views.public_csv, name="csv"),
]
