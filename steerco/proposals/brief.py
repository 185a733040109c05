"""The meeting brief's narrative, without Django: from plain facts to a
``reports.document.Document`` that the report's DOCX and PDF renderers
print in the Party format's register.

The order is the working rule of the steering committee: results in three
lines; then the difficulties and proposals raised since the last meeting,
grouped by subject, with who raised them and what they propose; then
overdue remediation and lagging units; then the decisions the meeting is
asked to take. Words come through ``_`` (gettext, in the brief's language), passed in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from steerco.lib.numbers import fmt_day
from steerco.reports.document import Bullets, Document, Heading, Paragraph, Section, Signature, Subheading

Translate = Callable[[str], str]


@dataclass(frozen=True)
class RaisedItem:
    subject: str
    kind: str  # "difficulty" or "proposal"
    raised_by: str
    text: str
    raised_on: date
    state: str = ""  # the state's label, e.g. "Assigned"
    body: str = ""  # who answers, if assigned


@dataclass
class BriefFacts:
    heading: Heading
    signature: Signature
    language: str
    held_on: date
    generated_at: datetime
    attending: list[str]
    since: date | None  # the last meeting, if any
    results: list[str]  # at most three lines
    items: list[RaisedItem]
    overdue: list[str]  # overdue remediation and answers, one line each
    lagging: list[str]  # lagging units, one line each
    decisions: list[str]  # asked of the meeting, in order
    recipients: list[str] = field(default_factory=list)


def key(subject: str) -> str:
    """Subjects that differ only in case and spacing are one subject."""
    return " ".join(subject.split()).casefold()


def grouped(items: list[RaisedItem]) -> list[tuple[str, list[RaisedItem]]]:
    """By subject; the subject raised by most units first, then the oldest."""
    groups: dict[str, list[RaisedItem]] = {}
    for item in sorted(items, key=lambda i: i.raised_on):
        groups.setdefault(key(item.subject), []).append(item)
    ordered = sorted(groups.values(), key=lambda g: (-len({i.raised_by for i in g}), g[0].raised_on))
    return [(g[0].subject, g) for g in ordered]


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?", ":")) else text + "."


def item_line(item: RaisedItem, _: Translate) -> str:
    verb = _("proposes") if item.kind == "proposal" else _("reports")
    line = f"{item.raised_by} {verb}: {item.text.strip().rstrip('.')}"
    if item.body and item.state:
        line += " " + _("(assigned to %(body)s, %(state)s)") % {"body": item.body, "state": item.state.lower()}
    elif item.body:
        line += " " + _("(assigned to %(body)s)") % {"body": item.body}
    elif item.state:
        line += f" ({item.state.lower()})"
    return _sentence(line)


def build(facts: BriefFacts, _: Translate) -> Document:
    results = Section(_("I. RESULTS IN BRIEF"))
    results.add(Bullets([_sentence(r) for r in facts.results[:3]] or [_("No results have been reported yet.")]))

    raised = Section(_("II. DIFFICULTIES, OBSTACLES AND PROPOSALS"))
    if facts.since:
        raised.add(Paragraph(_("Raised since the last meeting (%(day)s):") % {"day": fmt_day(facts.since)}))
    if not facts.items:
        raised.add(Paragraph(_("No difficulty or proposal has been raised since the last meeting.")))
    for n, (subject, items) in enumerate(grouped(facts.items), start=1):
        raised.add(Subheading(f"{n}. {_sentence(subject).rstrip('.')}"))
        raised.add(Bullets([item_line(i, _) for i in items]))

    overdue = Section(_("III. OVERDUE REMEDIATION AND LAGGING UNITS"))
    overdue.add(Bullets([_sentence(x) for x in facts.overdue] or [_("Nothing is overdue.")]))
    if facts.lagging:
        overdue.add(Paragraph(_("Indicators on which attending units are behind schedule:")))
        overdue.add(Bullets([_sentence(x) for x in facts.lagging]))

    decisions = Section(_("IV. DECISIONS THE MEETING IS ASKED TO TAKE"))
    for n, d in enumerate(facts.decisions, start=1):
        decisions.add(Paragraph(f"{n}. {_sentence(d)}"))
    if not facts.decisions:
        decisions.add(Paragraph(_("None proposed.")))
    return Document(
        heading=facts.heading,
        sections=[results, raised, overdue, decisions],
        recipients_label=_("Recipients:"),
        recipients=facts.recipients
        or [_("- Members of the Steering Committee,"), _("- Units attending,"), _("- Filed at the office.")],
        signature=facts.signature,
        language=facts.language,
        issued_on=facts.held_on,
        generated_at=facts.generated_at,
        generated_label=_("Prepared by steerco from the recorded items."),
    )


def conclusion_notice(
    heading: Heading,
    signature: Signature,
    language: str,
    held_on: date,
    generated_at: datetime,
    attending: list[str],
    conclusions: list[tuple[str, str, str]],  # (text, owner, deadline)
    _: Translate,
) -> Document:
    """The conclusion notice (thông báo kết luận): each conclusion with its
    owner and deadline."""
    day = fmt_day(held_on)
    body = Section("")
    body.add(
        Paragraph(
            _("On %(day)s the Steering Committee met with %(units)s. The Steering Committee concluded:")
            % {"day": day, "units": ", ".join(attending) or "–"}
        )
    )
    body.add(
        Bullets(
            [
                f"{n}. {_sentence(text).rstrip('.')} "
                + _("(owner: %(owner)s; by %(deadline)s).") % {"owner": owner, "deadline": deadline}
                for n, (text, owner, deadline) in enumerate(conclusions, start=1)
            ]
            or [_("No conclusion was recorded.")]
        )
    )
    return Document(
        heading=heading,
        sections=[body],
        recipients_label=_("Recipients:"),
        recipients=[_("- Units attending,"), _("- Owners of the conclusions,"), _("- Filed at the office.")],
        signature=signature,
        language=language,
        issued_on=held_on,
        generated_at=generated_at,
        generated_label=_("Prepared by steerco from the recorded conclusions."),
    )
