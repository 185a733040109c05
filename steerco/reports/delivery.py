"""Sending an issued report to its recipients ("Nơi nhận" with an account
or an address, ``Recipient``): a notice in the inbox of each account, an
email with the PDF attached to each address (an account's if its holder
takes email, the followup preference), and a ``Delivery`` row per
recipient: the register of what was sent to whom and when. Opening the
report from the inbox or its page records the receipt (``opened_at``).

Sending twice sends nothing twice: a recipient already in the register
for the report is skipped (one notice per account and report)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from steerco.followup.models import Channel, Notice, NoticeKind

from .models import Delivery, IssuedReport, Recipient, ReportFormat

log = logging.getLogger(__name__)


def deliver(report: IssuedReport, *, now=None) -> list[Delivery]:
    now = now or timezone.now()
    pdf = report.files.filter(format=ReportFormat.PDF).first()
    content = bytes(pdf.content) if pdf is not None else None
    done = {(d.user_id, d.email) for d in report.deliveries.all()}
    url = reverse("reports:issued", args=[report.pk])
    sent = []
    recipients = Recipient.objects.filter(programme=report.programme_id).select_related("user__followup_preference")
    for recipient in recipients:
        user = recipient.user
        address = (user.email if user is not None else "") or ("" if user is not None else recipient.email)
        if (recipient.user_id, address) in done:
            continue
        pref = getattr(user, "followup_preference", None) if user is not None else None
        language = (pref.language if pref else None) or report.language or settings.LANGUAGE_CODE
        with translation.override(language):
            subject = _("Report %(symbol)s issued: %(programme)s, %(period)s") % {
                "symbol": report.symbol,
                "programme": report.programme.code,
                "period": report.period,
            }
            body = _(
                "The steering committee has issued report %(symbol)s (%(programme)s, %(period)s), "
                "digitally signed. It is attached, and online at %(link)s"
            ) % {
                "symbol": report.symbol,
                "programme": report.programme.code,
                "period": report.period,
                "link": f"{settings.STEERCO_BASE_URL}{url}",
            }
        in_inbox = False
        if user is not None:
            try:
                with transaction.atomic():
                    Notice.objects.create(
                        user=user,
                        kind=NoticeKind.REPORT_ISSUED,
                        key=f"issued:{report.pk}",
                        unit=report.unit,
                        programme=report.programme,
                        subject=subject[:200],
                        body=body,
                        url=url,
                        sent_on=timezone.localdate(now),
                    )
                in_inbox = True
            except IntegrityError:  # already in this account's inbox
                in_inbox = True
        wants_email = bool(address) and (user is None or pref is None or pref.channel == Channel.EMAIL)
        emailed = wants_email and _email(subject, body, address, report, content)
        if user is not None and emailed:
            Notice.objects.filter(user=user, kind=NoticeKind.REPORT_ISSUED, key=f"issued:{report.pk}").update(
                emailed=True
            )
        sent.append(
            Delivery.objects.create(
                report=report,
                label=recipient.label,
                user=user,
                email=address,
                sent_at=now,
                in_inbox=in_inbox,
                emailed=emailed,
            )
        )
    return sent


def _email(subject: str, body: str, address: str, report: IssuedReport, content: bytes | None) -> bool:
    message = EmailMessage(subject, body, to=[address], connection=get_connection())
    if content is not None:
        name = f"bao-cao-so-{report.symbol}-{report.period}.pdf".replace("/", "-")
        message.attach(name, content, "application/pdf")
    try:
        message.send()
    except OSError:  # SMTP down: the inbox still has it, the register says it was not emailed
        log.exception("report %s: email to a recipient failed", report.pk)
        return False
    return True


def record_opened(report: IssuedReport, *, acting_user) -> None:
    """The recipient opened the report: record the receipt (first time only)."""
    if acting_user.is_authenticated:
        Delivery.objects.filter(report=report, user=acting_user, opened_at__isnull=True).update(
            opened_at=timezone.now()
        )


def received_by(report_id: int, user) -> bool:
    return user.is_authenticated and Delivery.objects.filter(report_id=report_id, user=user).exists()
