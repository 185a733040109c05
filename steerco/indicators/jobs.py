"""The job kinds of indicators: exporting a programme pack."""

from __future__ import annotations

from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from steerco.jobs.registry import JobFailed, JobResult, job_kind
from steerco.programmes.models import Programme

from .packs import dump_pack

EXPORT_PACK = "indicators.export_pack"


@job_kind(EXPORT_PACK, label=gettext_lazy("Export a programme pack (YAML)"))
def export_pack(job, progress, programme: str) -> JobResult:
    found = Programme.objects.filter(code=programme).select_related("owner").first()
    if found is None:
        raise JobFailed(_("There is no programme %(code)s.") % {"code": programme})
    progress(0, 2, _("Reading programme %(code)s") % {"code": found.code})
    import yaml  # loaded by the job, not by every command's start-up

    text = yaml.safe_dump(dump_pack(found), allow_unicode=True, sort_keys=False, width=100)
    progress(1, 2, _("Writing the file"))
    return JobResult(f"{slugify(found.code) or 'programme'}.yaml", text.encode("utf-8"))
