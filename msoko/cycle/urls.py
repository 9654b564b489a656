from django.urls import path

from msoko.cycle import views

app_name = "cycle"
urlpatterns = [
    path("findings/", views.findings, name="findings"),
    path("recommendations/", views.recommendations, name="recommendations"),
    path("recommendations/draft/", views.recommendation_draft, name="recommendation_draft"),
    path("recommendations/<int:pk>/", views.recommendation, name="recommendation"),
    path("recommendations/<int:pk>/file/", views.recommendation_file, name="recommendation_file"),
    path("recommendations/<int:pk>/<str:action>/", views.recommendation_action, name="recommendation_action"),
    path("rules/", views.rules, name="rules"),
    path("rules/new/", views.rule_create, name="rule_create"),
    path("rules/ready-made/", views.rules_ready_made, name="rules_ready_made"),
    path("rules/<int:pk>/", views.rule_edit, name="rule_edit"),
    path("rules/<int:pk>/delete/", views.rule_delete, name="rule_delete"),
    path("measures/", views.measures, name="measures"),
    path("measures/new/", views.measure_create, name="measure_create"),
    path("measures/<int:pk>/", views.measure, name="measure"),
    path("measures/<int:pk>/edit/", views.measure_edit, name="measure_edit"),
    # last: a direction's slug never collides with the words above
    path("<slug:slug>/", views.cycle, name="cycle"),
]
