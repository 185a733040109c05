from django.urls import path

from . import views

app_name = "collection"

urlpatterns = [
    path("", views.round_list, name="rounds"),
    path("rounds/new/", views.open_round_view, name="open-round"),
    path("rounds/<int:pk>/", views.completeness_view, name="completeness"),
    path("rounds/<int:pk>/close/", views.close_round_view, name="close-round"),
    path("rounds/<int:pk>/upload/", views.upload, name="upload"),
    path("rounds/<int:pk>/warnings/", views.round_warnings, name="warnings"),
    path("rounds/<int:pk>/units/<str:code>/", views.entry_form, name="entry"),
    path("rounds/<int:pk>/units/<str:code>/template.xlsx", views.template_download, name="template"),
    path("values/<int:pk>/history/", views.value_history, name="value-history"),
    path("submissions/<int:pk>/history/", views.submission_history, name="submission-history"),
]
