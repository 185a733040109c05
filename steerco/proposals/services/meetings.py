"""Meetings: recording one, gathering the facts of its brief, rendering the
brief and the conclusion notice with the report's renderers, recording the
conclusions and sending the notice to the inbox."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from steerco.accounts.holders import Holders
from steerco.accounts.models import Role
from steerco.audit.history import stamp
from steerco.findings.dated import overdue_on
from steerco.findings.models import Finding
from steerco.followup.delivery import deliver
from steerco.followup.models import NoticeKind
from steerco.followup.reminders import Reminder
from steerco.indicators.scorecard import build_scorecard
from steerco.lib.numbers import fmt_day
from steerco.lib.periods import Period
from steerco.lib.status import Status as Standing
from steerco.reports.builder import render
from steerco.reports.context import default_profile
from steerco.reports.document import Heading, Signature, Style
from steerco.reports.models import ReportProfile
from steerco.reports.phrases import clause
from steerco.reports.wording import place_and_date, symbol

from .. import access, brief, flow
from ..flow import OPEN
from ..models import Conclusion, Item, Kind, Meeting, Status
from ..models.tracked import dates_of
from .errors import Refused

BEHIND = (Standing.BEHIND, Standing.AT_RISK)
MAX_LINES = 8


def create_meeting(
    *, acting_user, programme, convened_by, held_on: date, attending, title: str = "", decisions: str = ""
):
    if not access.is_secretariat(acting_user, convened_by):
        raise Refused(_("Only the secretariat of the convening level may record its meetings."))
    attending = list(attending)
    if not attending:
        raise Refused(_("Name the units attending."))
    outside = [u.code for u in attending if not u.path.startswith(convened_by.path) or u.pk == convened_by.pk]
    if outside:
        raise Refused(_("These units are not below the convening level: %(codes)s") % {"codes": ", ".join(outside)})
    with transaction.atomic():
        meeting = Meeting(
            programme=programme,
            convened_by=convened_by,
            held_on=held_on,
            title=title,
            decisions=decisions,
            created_by=acting_user,
        )
        stamp(meeting, acting_user=acting_user)
        meeting.save()
        meeting.attending.set(attending)
    return meeting


def previous(meeting: Meeting) -> Meeting | None:
    return (
        Meeting.objects.filter(
            programme=meeting.programme, convened_by=meeting.convened_by, held_on__lt=meeting.held_on
        )
        .order_by("-held_on", "-pk")
        .first()
    )


def _under(units, field: str) -> Q:
    q = Q(pk__in=[])
    for u in units:
        q |= Q(**{f"{field}__startswith": u.path})
    return q


def raised_since(meeting: Meeting, attending: list) -> list[Item]:
    """Items of the attending units' subtrees, addressed within the
    convening level, raised after the last meeting (or, for a first meeting,
    still open) and by the meeting's day."""
    last = previous(meeting)
    items = Item.objects.filter(
        _under(attending, "raised_by__path"),
        programme=meeting.programme,
        addressed_to__path__startswith=meeting.convened_by.path,
        raised_on__lte=meeting.held_on,
    )
    items = items.filter(raised_on__gt=last.held_on) if last else items
    found = items.select_related("raised_by", "body_unit").order_by("raised_on", "pk")
    if last:
        return list(found)
    return [i for i in found if _state(i, meeting.held_on) in OPEN]


def report_period(day: date) -> Period:
    """The last half-year ended by ``day``: a meeting of July 2023 looks at 2023-H1."""
    return Period.parse(f"{day.year}-H1" if day.month > 6 else f"{day.year - 1}-H2")


def _profile(programme) -> ReportProfile:
    return ReportProfile.objects.filter(programme=programme).first() or default_profile(programme)


def _results(meeting: Meeting, period: Period, lang: str) -> list[str]:
    """Three lines: the indicators with a target first, then the first
    entered figure of each other task group, in the programme's order."""
    card = build_scorecard(meeting.programme, meeting.convened_by, period)
    chosen = [r for r in card.rows if r.target is not None and r.figure.value is not None]
    groups = {r.indicator.task_group_id for r in chosen}
    for r in card.rows:
        if (
            r.figure.value
            and not r.indicator.computed_by
            and r.indicator.direction != "lower"
            and r.indicator.kind != "yesno"
            and r.indicator.task_group_id not in groups
        ):
            chosen.append(r)
            groups.add(r.indicator.task_group_id)
    return [clause(r, card.previous_period, lang) for r in chosen[:3]]


def _lagging(meeting: Meeting, attending: list, period: Period, lang: str) -> list[str]:
    """One line per indicator behind schedule: the attending units behind on it."""
    behind: dict[int, tuple[str, list[str]]] = {}
    for unit in attending:
        for r in build_scorecard(meeting.programme, unit, period).rows:
            if r.status in BEHIND:
                behind.setdefault(r.indicator.pk, (r.indicator.name(lang), []))[1].append(unit.name(lang))
    return [
        _("%(indicator)s: behind schedule in %(units)s") % {"indicator": name, "units": ", ".join(units)}
        for name, units in behind.values()
    ]


def _overdue(meeting: Meeting, attending: list, lang: str) -> list[str]:
    day = meeting.held_on
    findings = (
        Finding.objects.filter(_under(attending, "owner__path"))
        .filter(overdue_on(day))
        .select_related("owner")
        .order_by("deadline", "pk")
    )
    per_unit: dict[int, list] = {}
    for f in findings:
        per_unit.setdefault(f.owner_id, []).append(f)
    lines = [
        ngettext(
            "%(unit)s: %(n)s limitation past its remediation deadline (the earliest due %(deadline)s)",
            "%(unit)s: %(n)s limitations past their remediation deadline (the earliest due %(deadline)s)",
            len(found),
        )
        % {"unit": found[0].owner.name(lang), "n": len(found), "deadline": fmt_day(found[0].deadline)}
        for found in per_unit.values()
    ]
    candidates = (
        Item.objects.filter(_under(attending, "raised_by__path"), programme=meeting.programme)
        .filter(deadline__lt=day, raised_on__lte=day)
        .select_related("raised_by", "body_unit")
        .order_by("deadline", "pk")
    )
    items = [i for i in candidates if flow.overdue_on(day, i.deadline, **dates_of(i))]
    lines += [
        _("Answer to %(unit)s on “%(subject)s” overdue since %(deadline)s (%(body)s)")
        % {
            "unit": i.raised_by.name(lang),
            "subject": i.subject,
            "deadline": fmt_day(i.deadline),
            "body": i.body_label(lang),
        }
        for i in items
    ]
    if len(lines) > MAX_LINES:
        rest = len(lines) - MAX_LINES + 1
        lines = [*lines[: MAX_LINES - 1], _("and %(n)s more (see the findings register)") % {"n": rest}]
    return lines


def _state(item, day) -> str:
    return flow.state_on(day, **dates_of(item))


def _decisions(meeting: Meeting, items: list[Item], lang: str) -> list[str]:
    out: list[str] = []
    seen: dict[str, list[str]] = {}
    for i in items:
        if i.kind == Kind.PROPOSAL and _state(i, meeting.held_on) != Status.RESOLVED:
            seen.setdefault(brief.key(i.subject), [i.subject]).append(i.raised_by.name(lang))
    for subject, *units in seen.values():
        out.append(
            _("Give direction on the proposal “%(subject)s” of %(units)s and name who answers it, by when")
            % {"subject": subject, "units": ", ".join(dict.fromkeys(units))}
        )
    out += [line.strip() for line in meeting.decisions.splitlines() if line.strip()]
    return out


def _heading(meeting: Meeting, profile: ReportProfile, lang: str, doc_type: str, subject: str) -> Heading:
    code = "TB" if doc_type == "notice" else "BC"  # thông báo, báo cáo
    return Heading(
        style=Style.PARTY,
        superior=profile.text("superior", lang),
        issuer=profile.text("issuer", lang),
        number=("No. " if lang == "en" else "Số ")
        + symbol(meeting.notice_number if doc_type == "notice" else None, profile.issuer_code, Style.PARTY, code),
        place_date=place_and_date(profile.text("place", lang), meeting.held_on, lang),
        doc_type=_("CONCLUSION NOTICE") if doc_type == "notice" else _("BRIEF"),
        subject=subject,
    )


def _signature(profile: ReportProfile, lang: str) -> Signature:
    return Signature(profile.text("authority", lang), profile.text("position", lang), profile.signer)


def brief_document(meeting: Meeting, language: str = "vi"):
    with translation.override(language):
        attending = list(meeting.attending.order_by("path"))
        profile = _profile(meeting.programme)
        period = report_period(meeting.held_on)
        items = raised_since(meeting, attending)
        results = _results(meeting, period, language)
        last = previous(meeting)
        names = [u.name(language) for u in attending]
        facts = brief.BriefFacts(
            heading=_heading(
                meeting,
                profile,
                language,
                "brief",
                _("For the Steering Committee's meeting of %(day)s with %(units)s")
                % {"day": fmt_day(meeting.held_on), "units": ", ".join(names)},
            ),
            signature=_signature(profile, language),
            language=language,
            held_on=meeting.held_on,
            generated_at=timezone.now(),
            attending=names,
            since=last.held_on if last else None,
            results=results,
            items=[
                brief.RaisedItem(
                    subject=i.subject,
                    kind=i.kind,
                    raised_by=i.raised_by.name(language),
                    text=i.text,
                    raised_on=i.raised_on,
                    # "assigned to X" says it; other states are named
                    state=""
                    if _state(i, meeting.held_on) == Status.ASSIGNED
                    else Status(_state(i, meeting.held_on)).label,
                    body=i.body_label(language) if _state(i, meeting.held_on) != Status.RAISED else "",
                )
                for i in items
            ],
            overdue=_overdue(meeting, attending, language),
            lagging=_lagging(meeting, attending, period, language),
            decisions=_decisions(meeting, items, language),
        )
        return brief.build(facts, _)


def notice_document(meeting: Meeting, language: str = "vi"):
    with translation.override(language):
        attending = [u.name(language) for u in meeting.attending.order_by("path")]
        profile = _profile(meeting.programme)
        rows = [
            (c.text, c.body_label(language), fmt_day(c.deadline))
            for c in meeting.conclusions.select_related("body_unit").order_by("pk")
        ]
        subject = _("Conclusions of the Steering Committee's meeting of %(day)s") % {"day": fmt_day(meeting.held_on)}
        return brief.conclusion_notice(
            _heading(meeting, profile, language, "notice", subject),
            _signature(profile, language),
            language,
            meeting.held_on,
            timezone.now(),
            attending,
            rows,
            _,
        )


def render_document(document, fmt: str) -> bytes:
    if fmt not in ("docx", "pdf"):
        raise ValueError(fmt)
    return render(document, fmt)


def add_conclusion(
    meeting: Meeting, *, acting_user, text: str, deadline: date, body_unit=None, body_name: str = "", item=None
):
    if not access.is_secretariat(acting_user, meeting.convened_by):
        raise Refused(_("Only the secretariat of the convening level may record its conclusions."))
    text, body_name = (text or "").strip(), (body_name or "").strip()
    if not text:
        raise Refused(_("Write the conclusion."))
    if body_unit is None and not body_name:
        raise Refused(_("Name who carries the conclusion out: a unit, or its name."))
    if deadline is None or deadline < meeting.held_on:
        raise Refused(_("The deadline cannot be before the meeting."))
    if item is not None and item.programme_id != meeting.programme_id:
        raise Refused(_("That item belongs to another programme."))
    conclusion = Conclusion(
        meeting=meeting,
        text=text,
        body_unit=body_unit,
        body_name="" if body_unit else body_name,
        deadline=deadline,
        assigned_on=meeting.held_on,
        status=Status.ASSIGNED,
        item=item,
    )
    stamp(conclusion, acting_user=acting_user)
    conclusion.save()
    return conclusion


def _notice_subject(w: dict) -> str:
    return _("Conclusion notice: %(what)s") % w


def _notice_body(w: dict) -> str:
    return _("The Steering Committee's conclusions of %(day)s concern %(unit)s. Read them and report on them here:") % w


def send_notice(meeting: Meeting, *, acting_user, today: date | None = None):
    """Number the notice and deliver it to the inbox of the people of the
    attending units and of the conclusions' owners (reporters, approvers,
    secretariats; the nearest holders), each once."""
    today = today or timezone.localdate()
    if not access.is_secretariat(acting_user, meeting.convened_by):
        raise Refused(_("Only the secretariat of the convening level may send its conclusion notice."))
    conclusions = list(meeting.conclusions.select_related("body_unit"))
    if not conclusions:
        raise Refused(_("Record the conclusions before sending the notice."))
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.notice_number is None:
            last = (
                Meeting.objects.filter(convened_by=meeting.convened_by, notice_sent_on__year=today.year)
                .exclude(notice_number=None)
                .order_by("-notice_number")
                .values_list("notice_number", flat=True)
                .first()
            )
            meeting.notice_number = (last or 0) + 1
        meeting.notice_sent_on = today
        stamp(meeting, acting_user=acting_user)
        meeting.save()
    holders = Holders()
    units = {u.pk: u for u in meeting.attending.all()}
    units.update({c.body_unit.pk: c.body_unit for c in conclusions if c.body_unit_id})
    url = reverse("proposals:meeting", kwargs={"pk": meeting.pk})
    what = str(meeting)
    reminders = []
    for unit in sorted(units.values(), key=lambda u: u.path):
        recipients = holders.responsible(unit.path, (Role.REPORTER, Role.APPROVER, Role.SECRETARIAT))
        reminders.append(
            Reminder(
                NoticeKind.CONCLUSION_NOTICE,
                f"meeting:{meeting.pk}:notice",
                unit,
                what,
                url,
                meeting.held_on,
                0,
                recipients,
                meeting.programme_id,
                (_notice_subject, _notice_body),
            )
        )
    return meeting, deliver(reminders, today)
