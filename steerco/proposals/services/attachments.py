"""Files attached to an item, with the findings' evidence checks: the
allow-list of types, the content's signature against the extension, the
size limit. Stored under MEDIA_ROOT with generated names; served only by a
view that loads them through the user's scope. A refused file raises
``Refused`` with the user's message."""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.utils.translation import gettext as _

from steerco.audit.history import stamp
from steerco.findings.services.evidence import EvidenceError, check_file, safe_name

from .. import access
from ..models import Attachment, Item
from .errors import Refused


def check(upload) -> str:
    try:
        return check_file(upload)
    except EvidenceError as err:
        raise Refused(str(err)) from None


def store(item: Item, upload, *, acting_user) -> Attachment:
    content_type = check(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    attachment = Attachment(
        item=item,
        original_name=safe_name(upload.name),
        content_type=content_type,
        size=upload.size,
        sha256=digest.hexdigest(),
        uploaded_by=acting_user,
    )
    stamp(attachment, acting_user=acting_user)
    attachment.file.save(attachment.original_name, upload, save=False)
    try:
        with transaction.atomic():
            attachment.save()
    except Exception:
        attachment.file.delete(save=False)
        raise
    return attachment


def attach(item: Item, upload, *, acting_user) -> Attachment:
    """Add a file to an item: the raiser, or the secretariat addressed."""
    if not (access.can_raise(acting_user, item.raised_by) or access.can_assign(acting_user, item)):
        raise Refused(_("You may not add files to this item."))
    return store(item, upload, acting_user=acting_user)
