from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.generate, name="generate"),
    path("issue/", views.issue, name="issue"),
    path("issued/<int:pk>/", views.issued_detail, name="issued"),
    path("register/", views.register, name="register"),
    path("timeline/", views.timeline, name="timeline"),
    path("issued/<int:pk>/<str:fmt>/", views.download, name="download"),
]
