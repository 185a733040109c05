from django.urls import path

from . import views

app_name = "drafts"

urlpatterns = [
    path("", views.history, name="list"),
    path("check/", views.check_view, name="check"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/annotated.docx", views.download_docx, name="docx"),
    path("<int:pk>/result.json", views.download_json, name="json"),
]
