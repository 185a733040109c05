"""The steering report as a background job: the report page starts it, the
job page (``/jobs/<id>/``) shows its progress and offers the download.

Parameters are plain JSON values (codes, not rows), looked up again when
the job runs. Who may start the job is decided by the page (the form only
offers the units in the user's scope); the job is scoped to the unit, so
the same people see it and its file."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from steerco.jobs.registry import JobFailed, JobResult, job_kind
from steerco.lib.periods import Period, PeriodError
from steerco.programmes.models import Programme
from steerco.units.models import Unit

from .builder import STEPS, build_report
from .models.issued import ReportFormat

GENERATE = "reports.generate"

STEP_LABELS = {
    "scorecard": gettext_lazy("Computing the scorecard"),
    "units": gettext_lazy("Comparing the units"),
    "plan": gettext_lazy("Reading the plan and its tasks"),
    "writing": gettext_lazy("Writing the report"),
    "charts": gettext_lazy("Drawing the charts"),
    "rendering": gettext_lazy("Rendering the file"),
    "done": gettext_lazy("Done"),
}


def report_filename(programme_code: str, period_code: str, unit_code: str, fmt: str) -> str:
    return f"bao-cao-{programme_code}-{period_code}-{unit_code}".replace("/", "-") + f".{fmt}"


def _job_progress(progress):
    """The builder reports 'NN % – step'; the job row wants (done, total, message)."""

    def report(text: str) -> None:
        step = text.rsplit("– ", 1)[-1].strip()
        progress(STEPS.get(step, 0), 100, str(STEP_LABELS.get(step, step)))

    return report


@job_kind(GENERATE, label=gettext_lazy("Steering report"), max_attempts=2)
def generate_report(
    job,
    progress,
    programme: str,
    period: str,
    format: str,
    language: str,
    unit: str,
    style: str = "",
    date: str = "",
) -> JobResult:
    found = Programme.objects.filter(code=programme).select_related("owner").first()
    if found is None:
        raise JobFailed(_("There is no programme %(code)s.") % {"code": programme})
    scope = Unit.objects.filter(code=unit).first()
    if scope is None:
        raise JobFailed(_("There is no unit %(code)s.") % {"code": unit})
    try:
        parsed = Period.parse(period)
    except PeriodError:
        raise JobFailed(_("%(code)s is not a period code.") % {"code": period}) from None
    try:
        issued_on = datetime.date.fromisoformat(date) if date else None
    except ValueError:
        raise JobFailed(_("%(date)s is not a date.") % {"date": date}) from None
    if format not in ReportFormat.values:
        raise JobFailed(_("%(fmt)s is not a report format.") % {"fmt": format})
    progress(0, 100, _("Gathering the data"))
    content = build_report(
        found,
        parsed,
        format,
        language,
        progress=_job_progress(progress),
        unit=scope,
        style=style or None,
        issued_on=issued_on,
    )
    return JobResult(report_filename(found.code, parsed.code, scope.code, format), content)


ISSUE = "reports.issue"

ISSUE_LABELS = {
    "document": gettext_lazy("Building the report"),
    ReportFormat.DOCX: gettext_lazy("Rendering the Word file"),
    ReportFormat.PDF: gettext_lazy("Rendering the PDF"),
    ReportFormat.XLSX: gettext_lazy("Rendering the Excel annex"),
    "sign": gettext_lazy("Signing the PDF"),
    "record": gettext_lazy("Recording the issued report"),
    "deliver": gettext_lazy("Sending it to the recipients"),
}


@job_kind(ISSUE, label=gettext_lazy("Issuing a steering report"), max_attempts=1)
def issue(
    job, progress, programme: str, period: str, language: str, unit: str, style: str = "", date: str = ""
) -> JobResult:
    """Number, render and store the report as the job's creator; the job's
    download is the issued PDF. One attempt: a failed issue is started
    again by the person, who sees why it failed."""
    from .delivery import deliver
    from .issuing import ISSUE_STEPS, can_issue, issue_report
    from .signing import SigningError, configured_signer

    found = Programme.objects.filter(code=programme).select_related("owner").first()
    if found is None:
        raise JobFailed(_("There is no programme %(code)s.") % {"code": programme})
    scope = Unit.objects.filter(code=unit).first()
    if scope is None:
        raise JobFailed(_("There is no unit %(code)s.") % {"code": unit})
    if job.created_by is None or not can_issue(job.created_by, scope):
        raise JobFailed(_("Only the secretariat of this unit may issue its report."))
    try:
        parsed = Period.parse(period)
    except PeriodError:
        raise JobFailed(_("%(code)s is not a period code.") % {"code": period}) from None
    try:
        issued_on = datetime.date.fromisoformat(date) if date else None
    except ValueError:
        raise JobFailed(_("%(date)s is not a date.") % {"date": date}) from None

    def step(name: str) -> None:
        progress(ISSUE_STEPS[name], 100, str(ISSUE_LABELS[name]))

    build = _job_progress(lambda done, total, message: progress(done * ISSUE_STEPS["docx"] // 100, total, message))
    try:
        with configured_signer() as signer:
            report = issue_report(
                found,
                parsed,
                language,
                unit=scope,
                style=style or None,
                issued_on=issued_on,
                progress=build,
                step=step,
                signer=signer,
                acting_user=job.created_by,
            )
    except SigningError as err:
        raise JobFailed(_("The report could not be signed: %(error)s") % {"error": err}) from None
    step("deliver")
    sent = deliver(report)
    pdf = report.files.get(format=ReportFormat.PDF)
    summary = _("Report %(symbol)s issued.") % {"symbol": report.symbol}
    if sent:
        summary += " " + ngettext("Sent to %(n)s recipient.", "Sent to %(n)s recipients.", len(sent)) % {"n": len(sent)}
    return JobResult(f"bao-cao-so-{report.symbol}-{report.period}.pdf".replace("/", "-"), bytes(pdf.content), summary)


DRAFT = "reports.draft"


@job_kind(DRAFT, label=gettext_lazy("Draft report for review"), max_attempts=2)
def draft(job, progress, programme: str, period: str, language: str, unit: str, date: str = "") -> JobResult | None:
    """Build the draft as it would be issued, keep it as the next version
    and send it to the programme's reviewers."""
    from .review import make_draft

    found = Programme.objects.filter(code=programme).select_related("owner").first()
    scope = Unit.objects.filter(code=unit).first()
    if found is None or scope is None:
        raise JobFailed(_("There is no programme %(code)s.") % {"code": programme})
    try:
        parsed = Period.parse(period)
        issued_on = datetime.date.fromisoformat(date) if date else None
    except (PeriodError, ValueError):
        raise JobFailed(_("%(code)s is not a period code.") % {"code": period}) from None
    made = make_draft(
        found,
        parsed,
        language,
        unit=scope,
        issued_on=issued_on,
        progress=_job_progress(progress),
        acting_user=job.created_by,
    )
    summary = _("Draft version %(version)s is ready for review: /reports/drafts/%(pk)s/") % {
        "version": made.version,
        "pk": made.pk,
    }
    return JobResult(f"du-thao-{made.pk}.txt", summary.encode(), summary=summary)
