from .evidence import evidence_download, evidence_upload
from .findings import (
    action_create,
    action_transition,
    finding_create,
    finding_detail,
    finding_edit,
    finding_list,
    finding_transition,
    move_deadline,
)
from .par import par_index, par_index_list, par_scores
from .registers import (
    close_year,
    par_results,
    suggestion_list,
    suggestions_export,
    weak_add,
    weak_consolidate,
    weak_export,
    weak_list,
)
from .reports import exceptions, export_xlsx, summary
from .reviews import cause_add, plan_add, suggestion_add

__all__ = [
    "action_create",
    "action_transition",
    "cause_add",
    "close_year",
    "evidence_download",
    "evidence_upload",
    "exceptions",
    "export_xlsx",
    "finding_create",
    "finding_detail",
    "finding_edit",
    "finding_list",
    "finding_transition",
    "move_deadline",
    "par_index",
    "par_index_list",
    "par_results",
    "par_scores",
    "plan_add",
    "suggestion_add",
    "suggestion_list",
    "suggestions_export",
    "summary",
    "weak_add",
    "weak_consolidate",
    "weak_export",
    "weak_list",
]
