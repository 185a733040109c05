from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.generate, name="generate"),
    path("issue/", views.issue, name="issue"),
    path("issued/<int:pk>/", views.issued_detail, name="issued"),
    path("register/", views.register, name="register"),
    path("timeline/", views.timeline, name="timeline"),
    path("drafts/new/", views.draft_start, name="draft-start"),
    path("drafts/<int:pk>/", views.draft_detail, name="draft"),
    path("drafts/<int:pk>/comment/", views.draft_comment, name="draft-comment"),
    path("drafts/<int:pk>/text/", views.draft_text, name="draft-text"),
    path("issued/<int:pk>/<str:fmt>/", views.download, name="download"),
]
