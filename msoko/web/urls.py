from django.urls import path

from msoko.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("directions/<slug:slug>/", views.direction, name="direction"),
    path("directions/<slug:slug>/indicators/<str:code>/", views.indicator, name="indicator"),
    path("help/<slug:slug>/", views.help_page, name="help"),
]
