"""{% draft_check_for submission %}: on a unit's report, the latest draft
checked with it ("7 figures checked, 1 differs") and a link to check one."""

from django import template

from ..services import summary_line

register = template.Library()


@register.inclusion_tag("drafts/_submission_check.html", takes_context=True)
def draft_check_for(context, submission, can_check=True):
    latest = None
    if submission is not None:
        latest = (
            submission.draft_checks.order_by("-created_at", "-pk").only("pk", "result", "problems", "file_name").first()
        )
    return {
        "submission": submission,
        "latest": latest,
        "summary": summary_line(latest.result) if latest else "",
        "can_check": can_check,
    }
