from django.urls import path

from msoko.collection.campaigns import views

app_name = "campaigns"
urlpatterns = [
    path("", views.campaigns, name="list"),
    path("new/", views.campaign_create, name="create"),
    path("upload/", views.upload, name="upload"),
    path("<int:pk>/", views.campaign, name="detail"),
    path("<int:pk>/remind/", views.remind, name="remind"),
    path("forms/<int:pk>/", views.submission, name="form"),
    path("forms/<int:pk>/save/", views.save_form, name="save_form"),
    path("forms/<int:pk>/value/", views.save_value, name="save_value"),
    path("forms/<int:pk>/items/<int:item>/", views.save_answer, name="save_answer"),
    path("forms/<int:pk>/submit/", views.submit, name="submit"),
    path("forms/<int:pk>/accept/", views.accept, name="accept"),
    path("forms/<int:pk>/return/", views.send_back, name="return"),
    path("forms/<int:pk>/template.xlsx", views.template, name="template"),
    path("answers/<int:pk>/file/", views.evidence, name="evidence"),
]
