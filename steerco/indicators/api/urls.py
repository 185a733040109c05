from django.urls import path

from .views import FigureView

urlpatterns = [path("figures/", FigureView.as_view(), name="api-figure-list")]
