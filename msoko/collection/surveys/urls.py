from django.urls import path

from msoko.collection.surveys import views

app_name = "surveys"
urlpatterns = [
    path("", views.index, name="index"),
    path("questionnaires/", views.questionnaires, name="questionnaires"),
    path("questionnaires/new/", views.questionnaire_create, name="questionnaire_create"),
    path("questionnaires/ready-made/", views.ready_made, name="ready_made"),
    path("questionnaires/<int:pk>/", views.questionnaire, name="questionnaire"),
    path("questionnaires/<int:pk>/edit/", views.questionnaire_edit, name="questionnaire_edit"),
    path("questionnaires/<int:pk>/copy/", views.questionnaire_copy, name="questionnaire_copy"),
    path("questionnaires/<int:pk>/delete/", views.questionnaire_delete, name="questionnaire_delete"),
    path("new/", views.open_survey, name="open"),
    path("<int:pk>/", views.survey, name="survey"),
    path("<int:pk>/mappings/", views.mapping_add, name="mapping_add"),
    path("<int:pk>/mappings/<int:mapping_pk>/delete/", views.mapping_delete, name="mapping_delete"),
    path("<int:pk>/expected/", views.expected, name="expected"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/compute/", views.compute, name="compute"),
    path("<int:pk>/export/", views.export, name="export"),
    path("<int:pk>/qr/", views.qr_sheet, name="qr_sheet"),
    path("<int:pk>/org/<int:participant_pk>/", views.results, name="results"),
    path("<int:pk>/org/<int:participant_pk>/qr.<str:fmt>", views.qr, name="qr"),
    path("<int:pk>/org/<int:participant_pk>/codes/", views.tokens, name="tokens"),
    path("<int:pk>/org/<int:participant_pk>/codes/print/", views.token_sheet, name="token_sheet"),
    path("a/<str:slug>/", views.answer, name="answer"),
    path("a/<str:slug>/thanks/", views.thanks, name="thanks"),
]
