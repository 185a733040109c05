from django.urls import path

from . import views

app_name = "proposals"

urlpatterns = [
    path("", views.item_list, name="list"),
    path("new/", views.item_create, name="create"),
    path("<int:pk>/", views.item_detail, name="detail"),
    path("<int:pk>/move/", views.item_move, name="move"),
    path("<int:pk>/files/", views.item_attach, name="attach"),
    path("<int:pk>/convert/", views.item_convert, name="convert"),
    path("files/<int:pk>/download/", views.attachment_download, name="download"),
    path("meetings/", views.meeting_list, name="meetings"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/brief.<str:fmt>", views.meeting_brief, name="brief"),
    path("meetings/<int:pk>/notice.<str:fmt>", views.meeting_notice, name="notice"),
    path("meetings/<int:pk>/conclusions/", views.conclusion_add, name="conclusion-add"),
    path("meetings/<int:pk>/send-notice/", views.send_notice, name="send-notice"),
    path("conclusions/<int:pk>/move/", views.conclusion_move, name="conclusion-move"),
]
