from django.urls import path

from . import views

app_name = "inspection"

urlpatterns = [
    path("", views.case_list, name="cases"),
    path("new/", views.case_open, name="open"),
    path("statistics/", views.statistics_page, name="statistics"),
    path("statistics.xlsx", views.statistics_export, name="statistics-xlsx"),
    path("cases/<str:code>/", views.case_detail, name="case"),
    path("cases/<str:code>/conclude/", views.case_conclude, name="conclude"),
    path("cases/<str:code>/decide/", views.case_decide, name="decide"),
    path("cases/<str:code>/person/", views.case_person, name="person"),
]
