from django.urls import path

from msoko.directions.methodical import views

app_name = "methodical"
urlpatterns = [
    path("associations/", views.associations, name="associations"),
    path("associations/new/", views.association_create, name="association_create"),
    path("associations/<int:pk>/", views.association, name="association"),
    path("associations/<int:pk>/edit/", views.association_edit, name="association_edit"),
    path("associations/<int:pk>/delete/", views.association_delete, name="association_delete"),
    path("practices/", views.practices, name="practices"),
    path("practices/new/", views.practice_create, name="practice_create"),
    path("practices/<int:pk>/", views.practice, name="practice"),
    path("practices/<int:pk>/file/", views.practice_file, name="practice_file"),
    path("practices/<int:pk>/edit/", views.practice_edit, name="practice_edit"),
    path("practices/<int:pk>/delete/", views.practice_delete, name="practice_delete"),
    path("practices/<int:pk>/review/", views.practice_review, name="practice_review"),
]
