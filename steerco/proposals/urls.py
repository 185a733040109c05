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
]
