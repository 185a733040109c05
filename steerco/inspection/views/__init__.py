from .cases import case_conclude, case_decide, case_detail, case_list, case_open, case_person
from .statistics import statistics_export, statistics_page

__all__ = [
    "case_conclude",
    "case_decide",
    "case_detail",
    "case_list",
    "case_open",
    "case_person",
    "statistics_export",
    "statistics_page",
]
