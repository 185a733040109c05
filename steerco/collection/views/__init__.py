from .entry import entry_form
from .history import submission_history, value_history
from .rounds import close_round_view, completeness_view, open_round_view, round_list
from .warnings import round_warnings
from .workbook import template_download, upload

__all__ = [
    "close_round_view",
    "completeness_view",
    "entry_form",
    "open_round_view",
    "round_list",
    "round_warnings",
    "submission_history",
    "template_download",
    "upload",
    "value_history",
]
