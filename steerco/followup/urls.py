from django.urls import path

from . import views

app_name = "followup"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/", views.notice_open, name="open"),
    path("read/", views.mark_read, name="mark-read"),
    path("preferences/", views.preferences, name="preferences"),
]
