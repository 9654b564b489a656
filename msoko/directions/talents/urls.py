from django.urls import path

from msoko.directions.talents import bank_views, views

app_name = "talents"
urlpatterns = [
    path("", views.olympiad, name="olympiad"),
    path("bank/", bank_views.bank, name="bank"),
    path("bank/add/", bank_views.add_child, name="add_child"),
    path("bank/<int:pk>/", bank_views.child, name="child"),
    path("bank/<int:pk>/achievements/", bank_views.add_achievement, name="add_achievement"),
    path(
        "bank/<int:pk>/achievements/<int:achievement_pk>/delete/",
        bank_views.delete_achievement,
        name="delete_achievement",
    ),
    path("bank/<int:pk>/note/", bank_views.note, name="note"),
    path("bank/<int:pk>/exclusion/", bank_views.exclusion, name="exclusion"),
]
