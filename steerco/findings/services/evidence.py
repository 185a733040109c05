"""Evidence uploads: an allow-list of file types, checked both by the
extension and by the file's content (``filetype`` reads its signature),
and a size limit. Files are stored under MEDIA_ROOT with generated names.
"""

from __future__ import annotations

import hashlib
from pathlib import PurePath

import filetype
from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from steerco.audit.history import stamp
from steerco.lib.errors import Refused
from steerco.lib.files import save_whole

from .. import access
from ..models import Evidence, Finding, RemediationAction
from .workflow import touch

# extension → the content type its content must show. Office formats are
# ZIP containers; filetype recognises docx/xlsx/odt from their parts.
ALLOWED = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


class EvidenceError(Refused):
    """A rejected upload; the message is for the user."""


def max_bytes() -> int:
    return int(getattr(settings, "FINDINGS_EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES))


def safe_name(name: str) -> str:
    """The bare file name, without any directory the browser sent."""
    base = PurePath(name.replace("\\", "/")).name.strip() or "evidence"
    return base[:200]


def check_file(upload) -> str:
    """Returns the content type of an acceptable upload, else raises."""
    name = safe_name(upload.name or "")
    ext = PurePath(name).suffix.lower()
    if ext not in ALLOWED:
        raise EvidenceError(
            _("Files of type “%(ext)s” are not accepted; upload PDF, Word, Excel, OpenDocument, PNG or JPEG.")
            % {"ext": ext or name}
        )
    limit = max_bytes()
    if upload.size > limit:
        raise EvidenceError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
        )
    if upload.size == 0:
        raise EvidenceError(_("The file is empty."))
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime != ALLOWED[ext]:
        raise EvidenceError(_("The content of the file does not match its “%(ext)s” extension.") % {"ext": ext})
    return kind.mime


def attach(finding: Finding, upload, *, acting_user, action: RemediationAction | None = None, description: str = ""):
    """Validate and store ``upload`` as evidence for ``finding`` (and one
    of its actions). Nothing is written if the file is refused."""
    if not access.can_edit(acting_user, finding.owner):
        raise EvidenceError(_("You may not add evidence to findings of this unit."))
    if action is not None and action.finding_id != finding.pk:
        raise EvidenceError(_("That action belongs to another finding."))
    content_type = check_file(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    with transaction.atomic():
        evidence = Evidence(
            finding=finding,
            action=action,
            original_name=safe_name(upload.name),
            content_type=content_type,
            size=upload.size,
            sha256=digest.hexdigest(),
            description=description,
            uploaded_by=acting_user,
        )
        stamp(evidence, acting_user=acting_user)
        # all or nothing: a full disk leaves no partial file (then a 507)
        name = evidence.file.field.generate_filename(evidence, evidence.original_name)
        evidence.file.name = save_whole(evidence.file.storage, name, upload)
        try:
            evidence.save()
        except Exception:
            evidence.file.delete(save=False)
            raise
        touch(finding.pk)
    return evidence
