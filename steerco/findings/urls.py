from django.urls import path

from . import views

app_name = "findings"

urlpatterns = [
    path("", views.finding_list, name="list"),
    path("new/", views.finding_create, name="create"),
    path("export.xlsx", views.export_xlsx, name="export"),
    path("exceptions/", views.exceptions, name="exceptions"),
    path("summary/", views.summary, name="summary"),
    path("<int:pk>/", views.finding_detail, name="detail"),
    path("<int:pk>/edit/", views.finding_edit, name="edit"),
    path("<int:pk>/transition/", views.finding_transition, name="transition"),
    path("<int:pk>/evidence/", views.evidence_upload, name="upload"),
    path("<int:pk>/actions/", views.action_create, name="action-create"),
    path("<int:pk>/deadline/", views.move_deadline, name="deadline"),
    path("<int:pk>/actions/<int:action_pk>/transition/", views.action_transition, name="action-transition"),
    path("evidence/<int:pk>/download/", views.evidence_download, name="download"),
    path("weak-organisations/", views.weak_list, name="weak"),
    path("weak-organisations/export.xlsx", views.weak_export, name="weak-export"),
    path("weak-organisations/add/", views.weak_add, name="weak-add"),
    path("weak-organisations/<int:pk>/consolidated/", views.weak_consolidate, name="weak-consolidate"),
    path("weak-organisations/close-year/", views.close_year, name="close-year"),
    path("deep-reviews/", views.suggestion_list, name="suggestions"),
    path("deep-reviews/export.xlsx", views.suggestions_export, name="suggestions-export"),
    path("deep-reviews/add/", views.suggestion_add, name="suggestion-add"),
    path("deep-reviews/plans/add/", views.plan_add, name="plan-add"),
    path("<int:pk>/causes/", views.cause_add, name="cause-add"),
    path("par/", views.par_index_list, name="par-indexes"),
    path("par/index/<str:code>/", views.par_index, name="par-index"),
    path("par/index/<str:code>/scores/", views.par_scores, name="par-scores"),
    path("par/<str:code>/<int:year>/", views.par_results, name="par"),
]
