from django.urls import path

from .views import charts, drill, heat, provenance

app_name = "dashboard"

urlpatterns = [
    path("drill/", drill.drill, name="drill"),
    path("heat/", heat.heat, name="heat"),
    path("values/", provenance.values, name="values"),
    path("charts/trend.svg", charts.trend_chart, name="chart-trend"),
    path("charts/completeness.svg", charts.completeness_chart, name="chart-completeness"),
    path("charts/burndown.svg", charts.burndown_chart, name="chart-burndown"),
]
