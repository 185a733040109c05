"""Drafts under review. Generating a draft is one step (the
``reports.draft`` job): the report is built as it would be issued, its
text and figures are kept as the next version, and the programme's
reviewers get it in their inbox (and by email). Reviewers and the
secretariat comment on a section or a figure; each version is kept, and
its page shows what changed since the one before, in the text and in the
figures."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from steerco.audit.history import stamp
from steerco.followup.models import Channel, Notice, NoticeKind
from steerco.lib.periods import Period

from .builder import DATA_CODE, DATA_NAME, DATA_PERIOD, DATA_SHARE, DATA_UNIT, DATA_VALUE, build_document
from .document import FreeText
from .models import Draft, Narrative, Reviewer

SECTION_KEYS = ("I", "II", "III")


EDITABLE = ("II", "III")  # the sections whose free text the secretariat writes


def _lines(section) -> list[str]:
    out = []
    for block in section.blocks:
        if isinstance(block, FreeText):
            continue
        if block.kind == "paragraph":
            out.append(f"{block.lead} {block.text}".strip())
        elif block.kind == "subheading":
            out.append(block.text)
        elif block.kind == "bullets":
            out.extend(f"- {item}" for item in block.items)
        elif block.kind == "table":
            out.append(f"[{block.title}]")
            out.extend(" | ".join(cell.text for cell in row) for row in block.rows)
    return out


def snapshot(document, period: str, unit_code: str) -> tuple[list[dict], dict]:
    """The draft's text per section and its figures: the issuer's figures
    for the period, from the data table (one row per unit, indicator and
    period), code -> [name, value as shown; a ratio's share]."""
    sections = [
        {
            "key": SECTION_KEYS[i] if i < len(SECTION_KEYS) else str(i + 1),
            "title": s.title,
            "free": [b.text for b in s.blocks if isinstance(b, FreeText)],
            "lines": _lines(s),
        }
        for i, s in enumerate(document.sections)
    ]
    figures = {}
    if document.data is not None:
        for row in document.data.rows:
            if row[DATA_PERIOD].text == period and row[DATA_UNIT].text == unit_code:
                value = row[DATA_VALUE].text or row[DATA_SHARE].text
                figures[row[DATA_CODE].text] = [row[DATA_NAME].text, value]
    return sections, figures


def make_draft(programme, period, language, *, acting_user, unit=None, issued_on=None, progress=None) -> Draft:
    unit = unit or programme.owner
    now = timezone.now()
    document = build_document(
        programme, period, language, unit=unit, issued_on=issued_on, generated_at=now, progress=progress
    )
    code = Period.parse(period).code if isinstance(period, str) else period.code
    sections, figures = snapshot(document, code, unit.code)
    rows = Draft.objects.filter(programme=programme, unit=unit, period=str(period), language=language)
    for _attempt in range(3):
        version = (rows.aggregate(n=Max("version"))["n"] or 0) + 1
        try:
            with transaction.atomic():
                draft = Draft.objects.create(
                    programme=programme,
                    unit=unit,
                    period=str(period),
                    language=language,
                    version=version,
                    report_date=document.issued_on,
                    sections=sections,
                    figures=figures,
                    created_by=acting_user,
                    created_at=now,
                )
            break
        except IntegrityError:
            continue
    else:
        raise IntegrityError("draft version taken three times")
    notify_reviewers(draft)
    return draft


def notify_reviewers(draft: Draft) -> int:
    url = reverse("reports:draft", args=[draft.pk])
    sent = 0
    for reviewer in Reviewer.objects.filter(programme=draft.programme_id).select_related("user__followup_preference"):
        user = reviewer.user
        pref = getattr(user, "followup_preference", None)
        with translation.override((pref.language if pref else None) or settings.LANGUAGE_CODE):
            subject = _("Draft report to review: %(programme)s, %(period)s, version %(version)s") % {
                "programme": draft.programme.code,
                "period": draft.period,
                "version": draft.version,
            }
            body = _("Please read the draft and comment on its sections or figures: %(link)s") % {
                "link": f"{settings.STEERCO_BASE_URL}{url}"
            }
        notice, created = Notice.objects.get_or_create(
            user=user,
            kind=NoticeKind.REPORT_REVIEW,
            key=f"draft:{draft.pk}",
            defaults={
                "unit": draft.unit,
                "programme": draft.programme,
                "subject": subject[:200],
                "body": body,
                "url": url,
                "sent_on": timezone.localdate(),
            },
        )
        if not created:
            continue
        sent += 1
        if user.email and (pref is None or pref.channel == Channel.EMAIL):
            try:
                EmailMessage(subject, body, to=[user.email], connection=get_connection()).send()
            except OSError:
                continue
            Notice.objects.filter(pk=notice.pk).update(emailed=True)
    return sent


def section_lines(section: dict) -> list[str]:
    """A kept section as read: the secretariat's free text, then the
    computed text."""
    return [*section.get("free", []), *section.get("lines", [])]


def free_text(draft: Draft) -> dict[str, str]:
    """The free text of II and III as the draft holds it, for the form."""
    return {s["key"]: "\n".join(s.get("free", [])) for s in draft.sections if s["key"] in EDITABLE}


def latest_version(draft: Draft) -> int:
    return (
        Draft.objects.filter(
            programme=draft.programme_id, unit=draft.unit_id, period=draft.period, language=draft.language
        ).aggregate(n=Max("version"))["n"]
        or 0
    )


class StaleDraft(Exception):
    """The text was edited on a version that is no longer the latest."""


def edit_free_text(draft: Draft, *, limitations: str, tasks: str, acting_user) -> Draft:
    """The secretariat's free text of II (``limitations``) and III
    (``tasks``): kept for the report (with its history: who, when, from
    which version) and as the draft's next version, whose figures and
    computed text are this version's, unchanged. Later drafts and the
    issued report print it. Raises StaleDraft when ``draft`` is not the
    latest version (someone drafted or edited meanwhile)."""
    texts = {"II": limitations, "III": tasks}
    try:
        with transaction.atomic():
            edited = _edit(draft, texts, acting_user=acting_user)
    except IntegrityError as taken:  # another edit or draft took the version (or wrote the text) first
        raise StaleDraft from taken
    notify_reviewers(edited)
    return edited


def _edit(draft: Draft, texts: dict[str, str], *, acting_user) -> Draft:
    if latest_version(draft) != draft.version:
        raise StaleDraft
    key = {"programme": draft.programme, "unit": draft.unit, "period": draft.period, "language": draft.language}
    # one history row per edit: created with its text, not created empty then changed
    narrative = Narrative.objects.select_for_update().filter(**key).first() or Narrative(**key)
    narrative.limitations, narrative.tasks = texts["II"], texts["III"]
    stamp(narrative, acting_user=acting_user, reason=f"draft v{draft.version + 1}")
    narrative.save()
    sections = [{**s, "free": narrative.paragraphs(s["key"])} if s["key"] in texts else s for s in draft.sections]
    return Draft.objects.create(
        **key,
        version=draft.version + 1,
        report_date=draft.report_date,
        sections=sections,
        figures=draft.figures,
        created_by=acting_user,
        created_at=timezone.now(),
    )


@dataclass
class FigureChange:
    code: str
    name: str
    before: str
    after: str


def diff(old: Draft, new: Draft) -> tuple[list[str], list[FigureChange]]:
    """The text's changes (unified diff, section by section) and the
    figures that changed, appeared or went."""
    text = []
    old_sections = {s["key"]: s for s in old.sections}
    for section in new.sections:
        before = section_lines(old_sections.get(section["key"], {}))
        lines = list(difflib.unified_diff(before, section_lines(section), lineterm="", n=0))
        if lines:
            text.append(section["title"])  # the title carries its number
            text.extend(line for line in lines[2:] if not line.startswith("@@"))
    figures = []
    for code in sorted(set(old.figures) | set(new.figures)):
        was, now = old.figures.get(code, ["", ""]), new.figures.get(code, ["", ""])
        if was[1] != now[1]:
            figures.append(FigureChange(code, now[0] or was[0], was[1] or "–", now[1] or "–"))
    return text, figures


def may_review(user, draft: Draft) -> bool:
    return user.is_authenticated and Reviewer.objects.filter(programme=draft.programme_id, user=user).exists()
