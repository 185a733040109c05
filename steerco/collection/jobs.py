"""The Excel import as a background job, so a large workbook shows its
progress on the job page instead of holding the request open.

The upload view checks the file (size, zip members, type) and saves it under
MEDIA_ROOT in a private folder with a generated name; the job imports it
(all rows or none) and deletes it, whatever the outcome.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from steerco.indicators.models import Source
from steerco.jobs.registry import JobFailed, JobResult, job_kind
from steerco.lib.files import write_whole

from .models import ReportingRound

IMPORT_WORKBOOK = "collection.import_workbook"
UPLOAD_DIR = "private/workbook-uploads"


def upload_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / UPLOAD_DIR


def save_upload(data: bytes) -> str:
    """Write an accepted upload to a generated name; returns its path."""
    folder = upload_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / f"{secrets.token_hex(16)}.xlsx"
    write_whole(path, data)  # a full disk leaves no partial file (then a 507)
    path.chmod(0o600)
    return str(path)


def _own_upload(path: str) -> Path | None:
    file = Path(path)
    return file if file.resolve().parent == upload_dir().resolve() else None  # only ever a file this module saved


def remove_upload(job) -> None:
    """A job whose worker died: its uploaded file goes (the job is failed)."""
    file = _own_upload(str(job.params.get("path", "")))
    if file is not None:
        file.unlink(missing_ok=True)


LINKED_UNITS = 20  # links back to the entry forms, at most


def _counts(round_pk, *, written=0, created=0, updated=0, unchanged=0, refused=0, problems=0, warnings=0, units=()):
    """The import's result as the job keeps it (``Job.result``) and
    ``collection/_import_result.html`` shows it."""
    return {
        "written": written,
        "created": created,
        "updated": updated,
        "unchanged": unchanged,
        "refused": refused,
        "problems": problems,
        "warnings": warnings,
        "round": round_pk,
        "units": list(units)[:LINKED_UNITS],
        "units_total": len(units),
    }


@job_kind(
    IMPORT_WORKBOOK,
    label=gettext_lazy("Import an Excel workbook"),
    max_attempts=1,
    cleanup=remove_upload,
    result_template="collection/_import_result.html",
)
def import_workbook_job(job, progress, path: str, filename: str, round: int | None = None) -> JobResult:
    """Import the upload; the result (values written, unchanged, refused,
    and links back to the units' entry forms) stays on the job's page."""
    from .workbook import WorkbookError, import_workbook  # openpyxl loads only when a workbook is read

    file = Path(path)
    if _own_upload(path) is None:
        raise JobFailed(_("The uploaded file is no longer on the server; upload it again."))
    try:
        if not file.is_file():
            raise JobFailed(_("The uploaded file is no longer on the server; upload it again."))
        if job.created_by is None or not job.created_by.is_active:
            raise JobFailed(_("The person who uploaded this file can no longer import data."))
        progress(0, 1, _("Checking the file"))
        try:
            result = import_workbook(
                file.read_bytes(),
                filename=filename,
                source=Source.EXCEL,
                # checking the rows is the first half, writing them the second
                checked=lambda done, total: progress(
                    done, 2 * total, _("Checking: row %(done)s of %(total)s") % {"done": done, "total": total}
                ),
                progress=lambda done, total: progress(
                    total + done, 2 * total, _("Saving: unit %(done)s of %(total)s") % {"done": done, "total": total}
                ),
                acting_user=job.created_by,
            )
        except WorkbookError as err:
            progress(0, 1, "")  # the page shows the problems, not the last step
            raise JobFailed(
                "\n".join([_("Nothing was saved. Fix these problems and upload the file again:"), *err.problems]),
                data=_counts(round, refused=err.rows, problems=len(err.problems)),
            ) from None
    finally:
        file.unlink(missing_ok=True)
    if round is None:
        found = ReportingRound.objects.filter(programme__code=result.programme, period=result.period).first()
        round = found.pk if found else None
    data = _counts(
        round,
        written=result.changed,
        created=result.created,
        updated=result.updated,
        unchanged=result.unchanged,
        warnings=len(result.warnings),
        units=result.unit_codes,
    )
    counts = _("%(written)s values written (%(created)s new, %(updated)s changed), %(unchanged)s unchanged.") % data
    if not result.warnings:
        return JobResult("", b"", summary=counts, data=data)
    # Saved, but some values break warning rules or are far from the
    # unit's history: say so on the job page, the whole list as the download.
    summary = _("Saved, with %(count)s warnings: %(first)s") % {
        "count": len(result.warnings),
        "first": result.warnings[0],
    }
    text = "\n".join([counts, _("Saved, with these warnings:"), *result.warnings]) + "\n"
    return JobResult("warnings.txt", text.encode("utf-8"), summary=summary[:300], data=data)
