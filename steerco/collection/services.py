"""The one way a data value is written.

``record()`` is the single entry point for every change to a ``DataValue``
(web form, Excel upload, command-line import, API, and the workflow
actions submit / approve / return / reopen). In one transaction it:

1. checks the user's role on the unit (``Scope``) and that the round is open;
2. locks the unit's rows for the period and checks the optimistic version
   of each value it changes (a stale version is a ``Conflict``);
3. checks each value (kind, sign, decimals), the ratio parts, and the
   programme's validation rules on the merged values;
4. writes only what changed (the same input twice changes nothing), with
   provenance (``entered_by``, ``source``, ``source_ref``) and a history
   row naming the user and the request or file;
5. moves the unit's report through the workflow (``workflow.TRANSITIONS``);
6. runs ``WRITE_HOOKS`` in the same transaction. (The roll-up table
   ``indicators.SubtreeSum`` needs no hook: ``DataValue``'s manager keeps it
   exact in this transaction on every ORM write, see docs/architecture.md.)

Anything wrong raises ``Rejected`` with every problem found, and nothing is
written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from typing import NamedTuple, TypeVar

from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from steerco.audit import version as data_version
from steerco.audit.bulk import insert_history
from steerco.audit.history import acting, stamp
from steerco.audit.reasons import ReasonKind, ReasonRequired, Stated, state
from steerco.indicators.models import (
    DataValue,
    Indicator,
    IndicatorKind,
    Source,
    Target,
    ValueStatus,
    default_kind,
    subtree,
    target_problem,
)
from steerco.indicators.validation import Validator, record_warnings, recorded_warnings
from steerco.lib.errors import Refused
from steerco.lib.numbers import fmt_exact
from steerco.units import validity
from steerco.units.models import Unit, working_as

from . import unusual as unusual_values
from . import workflow
from .checks import check_ratio_parts, check_value, current_language, named
from .models import ReportingRound, RoundState, Submission
from .scope import Scope
from .unusual import AskUnusual
from .workflow import Action


@dataclass(frozen=True, slots=True)
class Entry:
    """One value to write. ``version`` is the version the editor saw (0 when
    there was no value yet); ``ref`` locates it in its source (a row)."""

    indicator: str
    value: Decimal
    version: int = 0
    note: str | None = None
    ref: str = ""


@dataclass(frozen=True)
class Problem:
    message: str
    indicator: str = ""
    ref: str = ""
    kind: str = "invalid"  # invalid | conflict | locked | forbidden | closed | unusual
    rule: str = ""  # for kind unusual: which rule of lib.plausibility (above_history, …)


class Rejected(Refused):
    """Nothing was written; ``problems`` says why."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        super().__init__("; ".join(p.message for p in self.problems))

    @property
    def is_conflict(self) -> bool:
        return any(p.kind == "conflict" for p in self.problems)

    @property
    def is_forbidden(self) -> bool:
        return any(p.kind == "forbidden" for p in self.problems)

    @property
    def status(self) -> int:  # the API's answer: 403, 409 or 400
        return 403 if self.is_forbidden else 409 if self.is_conflict else 400

    def error_items(self) -> list[dict]:
        return [
            {"kind": p.kind, "field": self.field, "indicator": p.indicator, "message": p.message}
            | ({"rule": p.rule} if p.rule else {})
            for p in self.problems
        ]


@dataclass
class Outcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    status: str = ""
    values: list[DataValue] = field(default_factory=list)
    # Warning rules the unit's values break (written all the same; recorded
    # as ``RuleWarning`` rows): messages in the request's language.
    warnings: list[str] = field(default_factory=list)
    # The values this write created or changed.
    written: list[DataValue] = field(default_factory=list)

    @property
    def changed(self) -> int:
        return self.created + self.updated


@dataclass
class ProgrammeRules:
    """What checking a programme's values needs (its indicators, its rule
    validator, its ratios), read once and reused across the units of a
    batch such as a workbook."""

    programme_id: int
    indicators: dict[str, Indicator]
    validator: Validator
    ratios: list[Indicator]

    @classmethod
    def load(cls, programme) -> ProgrammeRules:
        indicators = {i.code: i for i in Indicator.objects.filter(programme=programme)}
        ratios = [
            i for i in indicators.values() if i.kind == IndicatorKind.RATIO and i.numerator_id and i.denominator_id
        ]
        by_id = {i.pk: i for i in indicators.values()}
        for r in ratios:  # parts from the same programme, no extra query
            r.numerator, r.denominator = by_id[r.numerator_id], by_id[r.denominator_id]
        return cls(programme.pk, indicators, Validator(programme), ratios)


# Called inside the write transaction with (programme, unit, period, changed
# values). No app registers one today: roll-up maintenance is not a hook
# but ``DataValue``'s manager (indicators/models/subtree.py), so that
# writers outside ``record()`` keep the table exact too. Hooks must write
# only to the database: ``check()`` runs them too, then rolls back.
WRITE_HOOKS: list[Callable] = []


def record(
    programme,
    unit: Unit,
    period: str,
    *,
    acting_user,
    entries: Iterable[Entry] = (),
    action: Action | None = None,
    comment: str = "",
    override_reason: str = "",
    reason: Stated | None = None,
    source: str = Source.FORM,
    source_ref: str = "",
    scope: Scope | None = None,
    rules: ProgrammeRules | None = None,
    unusual: AskUnusual | None = None,
) -> Outcome:
    """Write ``entries`` for one unit and period, then take ``action`` (if
    any). Raises ``Rejected``; see the module docstring. A batch passes the
    same ``scope`` and ``rules`` to every call to read them once. Reopening
    an approved report needs a ``reason`` from the list (``audit.reasons``).
    With ``unusual``, a changed value far from the unit's history or beyond
    its denominator (``lib.plausibility``) is refused (problems of kind
    "unusual") unless ``unusual.reason`` confirms it; the reason is kept."""
    scope = scope or Scope(acting_user)
    entries = list(entries)
    write = partial(
        _record, acting_user, programme, unit, period, entries, action, comment, override_reason, reason, source,
        source_ref, scope, rules, unusual,
    )  # fmt: skip
    if connection.in_atomic_block:
        return write()  # in the caller's transaction, which retries if it must
    return retry_on_deadlock(write)


T = TypeVar("T")

# PostgreSQL breaks a deadlock by failing one of the transactions in it; a
# transaction of our own is run again rather than its write lost.
DEADLOCK_ATTEMPTS = 3


def is_deadlock(err: Exception) -> bool:
    return getattr(err.__cause__, "sqlstate", None) == "40P01"


def retry_on_deadlock(transaction_fn: Callable[[], T]) -> T:
    """Run ``transaction_fn`` (which opens and ends its own transaction) up
    to DEADLOCK_ATTEMPTS times while the database fails it as a deadlock."""
    for attempt in range(1, DEADLOCK_ATTEMPTS + 1):
        try:
            return transaction_fn()
        except OperationalError as err:
            if attempt == DEADLOCK_ATTEMPTS or not is_deadlock(err):
                raise
    raise AssertionError("unreachable")


def _record(
    user, programme, unit, period, entries, action, comment, override_reason, reason, source, source_ref, scope, rules,
    unusual=None,
) -> Outcome:  # fmt: skip
    # One sorted roll-up upsert at the end of the transaction (see
    # indicators.models.subtree.deferred): the values written, the status
    # moves and the hooks' writes together.
    with transaction.atomic(), subtree.deferred():
        if entries or action:
            data_version.claim()  # the data version's lock before the rows' (audit.version)
        round_ = _open_round(programme, period)
        submission = _submission(round_, unit)
        outcome = Outcome(status=submission.status)
        if entries:
            _require(scope, Action.EDIT, unit)
            _require_valid(unit, period, entries[0].indicator if entries else "")
            rules = rules or ProgrammeRules.load(programme)
            outcome = _write(user, rules, unit, period, entries, submission, source, source_ref)
            if unusual is not None and outcome.written:
                _confirm_unusual(user, programme, rules, unit, period, outcome.written, unusual)
        if action is not None:
            outcome.status = _move(
                user, scope, submission, unit, action, comment, override_reason, source, source_ref, reason
            )
        if outcome.changed or action is not None:
            for hook in WRITE_HOOKS:
                hook(programme, unit, period, outcome.values)
        return outcome


def check(
    programme,
    unit: Unit,
    period: str,
    entries: Iterable[Entry],
    scope: Scope | None = None,
    *,
    acting_user,
    unusual: AskUnusual | None = None,
) -> None:
    """Validate without writing (inline form validation): runs ``record``
    and rolls it back."""

    class _DryRun(Exception):
        pass

    try:
        with transaction.atomic():
            record(programme, unit, period, entries=entries, scope=scope, acting_user=acting_user, unusual=unusual)
            raise _DryRun
    except _DryRun:
        pass


# -- many units at once -----------------------------------------------------------
@dataclass(frozen=True)
class UnitEntries:
    """One unit's entries for one period, in a batch."""

    unit: Unit
    period: str
    entries: list[Entry]


class BatchRejected(Rejected):
    """Nothing of the batch was written; ``by_unit`` says which unit each
    problem is about (None for the whole batch)."""

    def __init__(self, by_unit: Sequence[tuple[Unit | None, Problem]]):
        self.by_unit = list(by_unit)
        super().__init__([p for _unit, p in self.by_unit])


LOCK_CHUNK = 1000  # units per locking read (SQLite's bound on parameters)


class Stored(NamedTuple):
    """A stored value as a batch reads it: the fields checking and writing
    need, without a model instance per value."""

    pk: int
    value: Decimal
    note: str
    version: int
    entered_by_id: int | None


class Written(NamedTuple):
    """A value a batch wrote (``Outcome.written`` of ``record_many``)."""

    unit: Unit
    indicator: Indicator
    value: Decimal


def record_many(
    programme,
    batch: Sequence[UnitEntries],
    *,
    acting_user,
    source: str,
    source_ref: str = "",
    scope: Scope | None = None,
    rules: ProgrammeRules | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Outcome]:
    """``record()`` for many units in one transaction, with the same checks
    and the same rows written (values with their versions and provenance,
    a history row per changed value, recorded warnings, the roll-up), but
    read and written in bulk: each period's round once, then for each
    1.000 units their submissions and stored values in two locking reads
    and every unit checked in memory, then all new values inserted as plain
    rows and all changed ones updated, and one roll-up upsert. Every
    problem of every unit is collected before anything is written; any
    problem raises ``BatchRejected`` and nothing is written. A batch where
    nothing changes writes nothing. The outcomes are in the batch's order;
    their ``written`` are ``Written`` records and their ``values`` are not
    kept (a national file would hold every value twice).
    ``progress(units, total)`` is told as units are checked, the last one
    once everything is written."""
    scope = scope or Scope(acting_user)
    rules = rules or ProgrammeRules.load(programme)
    batch = list(batch)
    write = partial(_record_many, acting_user, programme, batch, source, source_ref, scope, rules, progress)
    return write() if connection.in_atomic_block else retry_on_deadlock(write)


def _record_many(user, programme, batch, source, source_ref, scope, rules, progress) -> list[Outcome]:
    problems: list[tuple[Unit | None, Problem]] = []
    with transaction.atomic(), subtree.deferred():
        # The data version's lock before the rows' (audit.version), without
        # advancing it: the same file again writes nothing at all.
        data_version.claim(advance=False)
        rounds = {}
        for period in sorted({item.period for item in batch}):
            try:
                rounds[period] = _open_round(programme, period)
            except Rejected as rejected:
                problems += [(None, p) for p in rejected.problems]
        if problems:
            raise BatchRejected(problems)
        by_period: dict[str, list[int]] = {}
        for n, item in enumerate(batch):
            try:
                _require(scope, Action.EDIT, item.unit)
                _require_valid(item.unit, item.period, item.entries[0].indicator if item.entries else "")
                by_period.setdefault(item.period, []).append(n)
            except Rejected as rejected:
                problems += [(item.unit, p) for p in rejected.problems]
        now = timezone.now()
        entered_by = user.pk if user.is_authenticated else None
        ref = source_ref[:200]
        plans: dict[int, _Plan] = {}
        new_rows: list[tuple] = []  # subtree.NEW_ROW_FIELDS
        changed: list[tuple[int, Entry, str, str]] = []  # (pk, entry, note, status)
        done = 0
        # Units in id order, a chunk at a time: their submissions and values
        # locked, then checked; only what will be written is kept.
        for period, numbers in sorted(by_period.items()):
            numbers.sort(key=lambda n: batch[n].unit.pk)
            for start in range(0, len(numbers), LOCK_CHUNK):
                chunk = numbers[start : start + LOCK_CHUNK]
                units = [batch[n].unit for n in chunk]
                submissions = _submissions_of(user, rounds[period], units)
                stored = _stored_values(rules, period, units)
                for n in chunk:
                    item = batch[n]
                    pk = item.unit.pk
                    submission = submissions[pk]
                    done += 1
                    if progress and done < len(batch):
                        progress(done, len(batch))
                    try:
                        plan = _plan(rules, item.unit, period, item.entries, submission, stored.get(pk, {}))
                    except Rejected as rejected:
                        problems += [(item.unit, p) for p in rejected.problems]
                        continue
                    plans[n] = plan
                    if problems:
                        continue  # nothing will be written: keep nothing
                    st = submission.status
                    for e, indicator, current, note in plan.changes:
                        if current is None:
                            new_rows.append(
                                (indicator.pk, pk, period, e.value, st, entered_by, now, source, ref, False, note, 1)
                            )
                        else:
                            changed.append((current.pk, e, note, st))
                        plan.outcome.written.append(Written(item.unit, indicator, e.value))
                    plan.changes = []
        if problems:
            raise BatchRejected(problems)
        reason = _reason(source, source_ref)
        _insert_rows(rules, new_rows, user, reason)
        del new_rows
        _update_values(changed, user, reason, now, source, ref)
        _record_batch_warnings(rules, [(batch[n], plan) for n, plan in sorted(plans.items()) if plan.rules_checked])
        if WRITE_HOOKS:
            for n, plan in sorted(plans.items()):
                if plan.outcome.changed:
                    for hook in WRITE_HOOKS:
                        hook(programme, batch[n].unit, batch[n].period, plan.outcome.written)
        if progress and batch:
            progress(len(batch), len(batch))
        return [plans[n].outcome for n in range(len(batch))]


def _submissions_of(user, round_, units: Sequence[Unit]) -> dict[int, Submission]:
    """Each unit's submission for ``round_``, locked (no join, so only the
    submissions are locked), created where there is none yet; by unit id."""
    found: dict[int, Submission] = {}
    rows = Submission.objects.select_for_update().filter(round=round_, unit_id__in=[u.pk for u in units])
    for s in rows.order_by("unit_id"):
        s.round = round_
        found[s.unit_id] = s
    missing = [Submission(round=round_, unit=u) for u in units if u.pk not in found]
    if missing:
        for s in bulk_create_with_history(missing, Submission, default_user=acting(user)):
            found[s.unit_id] = s
    return found


def _stored_values(rules: ProgrammeRules, period: str, units: Sequence[Unit]) -> dict[int, dict[str, Stored]]:
    """Every value of ``units`` in ``period``, locked, by unit id and
    indicator code, as ``Stored`` rows (the indicators come from ``rules``:
    no join, so only the values are locked)."""
    code_of = {i.pk: i.code for i in rules.indicators.values()}
    stored: dict[int, dict[str, Stored]] = {}
    rows = (
        DataValue.objects.select_for_update()
        .filter(unit_id__in=[u.pk for u in units], period=period, indicator_id__in=list(code_of))
        .values_list("unit_id", "indicator_id", "pk", "value", "note", "version", "entered_by_id")
    )
    for unit_id, indicator_id, *rest in rows:
        stored.setdefault(unit_id, {})[code_of[indicator_id]] = Stored(*rest)
    return stored


def _insert_rows(rules: ProgrammeRules, rows: list[tuple], user, reason: str) -> None:
    """New values as plain rows with their history rows
    (``DataValue.objects.insert_rows`` keeps the roll-up exact). A value
    another writer created first is a conflict, as in ``_insert``."""
    if not rows:
        return
    try:
        DataValue.objects.insert_rows(rows, acting_user=user, reason=reason)
    except IntegrityError:
        by_id = {i.pk: i for i in rules.indicators.values()}
        codes = ", ".join(named(by_id[pk]) for pk in sorted({r[0] for r in rows}))
        raise BatchRejected(
            [
                (
                    None,
                    Problem(
                        _("%(code)s was entered by someone else while you were editing. Reload and enter it again.")
                        % {"code": codes},
                        kind="conflict",
                    ),
                )
            ]
        ) from None


def _update_values(changed: list[tuple[int, Entry, str, str]], user, reason: str, now, source, ref) -> None:
    """The changed values, read by id (already locked), updated through the
    ORM (which keeps the roll-up exact), each with its history row."""
    if not changed:
        return
    todo = {pk: (e, note, status) for pk, e, note, status in changed}
    pks = sorted(todo)
    values = []
    for start in range(0, len(pks), LOCK_CHUNK):
        for value in DataValue.objects.filter(pk__in=pks[start : start + LOCK_CHUNK]):
            e, note, status = todo[value.pk]
            value.value, value.note, value.status = e.value, note, status
            value.entered_by = user if user.is_authenticated else None
            value.entered_at, value.source, value.source_ref = now, source, ref
            value.version += 1
            values.append(value)
    _save_values([], values, user, reason)


def _record_batch_warnings(rules: ProgrammeRules, checked: list[tuple[UnitEntries, _Plan]]) -> None:
    language = current_language()
    for period in sorted({item.period for item, _plan in checked}):
        items = [(item, plan) for item, plan in checked if item.period == period]
        existing = recorded_warnings(rules.validator.rules, [item.unit.pk for item, _plan in items], period)
        for item, plan in items:
            warnings = record_warnings(
                rules.validator.rules, item.unit, period, plan.violations, existing.get(item.unit.pk, {})
            )
            plan.outcome.warnings = [w.message(language) for w in warnings]


# -- steps --------------------------------------------------------------------
def _require(scope: Scope, action: Action, unit: Unit) -> None:
    if not scope.can(action, unit):
        raise Rejected(
            [
                Problem(
                    _("You may not %(action)s for %(unit)s.") % {"action": _action_text(action), "unit": unit.name()},
                    kind="forbidden",
                )
            ]
        )


def _require_valid(unit: Unit, period: str, ref: str = "") -> None:
    """A unit holds figures only for periods it existed in (the message
    names its dates and its successor)."""
    message = validity.period_refusal(unit, period)
    if message:
        raise Rejected([Problem(message, ref, unit.code, kind="invalid")])


def _open_round(programme, period: str) -> ReportingRound:
    round_ = ReportingRound.objects.filter(programme=programme, period=period).first()
    if round_ is None:
        raise Rejected([Problem(_("No reporting round is open for %(period)s.") % {"period": period}, kind="closed")])
    if round_.state != RoundState.OPEN:
        raise Rejected([Problem(_("The reporting round %(period)s is closed.") % {"period": period}, kind="closed")])
    return round_


def _submission(round_: ReportingRound, unit: Unit) -> Submission:
    submission, _created = Submission.objects.select_for_update().get_or_create(round=round_, unit=unit)
    return submission


def _write(user, rules: ProgrammeRules, unit, period, entries, submission, source, source_ref) -> Outcome:
    # Every value of the unit in the period, locked: the ones we change and
    # the ones the rules compare them with.
    stored = {
        v.indicator.code: v
        for v in DataValue.objects.select_for_update()
        .filter(unit=unit, period=period, indicator__programme=rules.programme_id)
        .select_related("indicator")
    }
    plan = _plan(rules, unit, period, entries, submission, stored)
    now = timezone.now()
    created, updated = [], []
    for e, indicator, current, note in plan.changes:
        value = current or DataValue(indicator=indicator, unit=unit, period=period, version=0)
        value.value = e.value
        value.note = note
        value.status = submission.status
        value.entered_by = user if user.is_authenticated else None
        value.entered_at = now
        value.source = source
        value.source_ref = source_ref[:200]
        value.version += 1
        (created if current is None else updated).append(value)
    written = {v.indicator.code: v for v in created + updated}
    plan.outcome.values = [written.get(e.indicator) or stored[e.indicator] for e in entries]
    _save_values(created, updated, user, _reason(source, source_ref))
    if plan.rules_checked:
        warnings = record_warnings(rules.validator.rules, unit, period, plan.violations)
        plan.outcome.warnings = [w.message(current_language()) for w in warnings]
    plan.outcome.written = created + updated
    return plan.outcome


@dataclass
class _Plan:
    """What writing one unit's entries changes, checked but not yet written."""

    outcome: Outcome
    # (entry, indicator, stored value or None, note) for each value to write
    changes: list[tuple[Entry, Indicator, object, str]] = field(default_factory=list)
    violations: list = field(default_factory=list)
    # The rules were checked on the merged values (something changes): the
    # unit's recorded warnings are brought in line with them.
    rules_checked: bool = False


def _plan(rules: ProgrammeRules, unit, period, entries, submission, stored) -> _Plan:
    """Check ``entries`` against the unit's locked ``stored`` values (by
    indicator code: ``DataValue`` or ``Stored``) and list what changes;
    raises ``Rejected`` with every problem. Writes nothing."""
    indicators = rules.indicators
    problems: list[Problem] = []
    if submission.status not in workflow.EDITABLE and any(_changes(e, stored.get(e.indicator)) for e in entries):
        problems.append(
            Problem(
                _("The report of %(unit)s for %(period)s is %(status)s: it cannot be changed.")
                % {"unit": unit.name(), "period": period, "status": submission.get_status_display().lower()},
                kind="locked",
            )
        )
    seen: dict[str, str] = {}
    for e in entries:
        indicator = indicators.get(e.indicator)
        if e.indicator in seen:
            problems.append(
                Problem(
                    _("%(indicator)s is given twice (%(first)s and %(second)s).")
                    % {
                        "indicator": named(indicator) if indicator else e.indicator,
                        "first": seen[e.indicator],
                        "second": e.ref,
                    },
                    e.indicator,
                    e.ref,
                )
            )
            continue
        seen[e.indicator] = e.ref
        if indicator is None:
            problems.append(
                Problem(_("Unknown indicator %(code)s in this programme.") % {"code": e.indicator}, e.indicator, e.ref)
            )
            continue
        if not indicator.is_entered:
            problems.append(
                Problem(_("%(code)s is computed, not entered.") % {"code": named(indicator)}, e.indicator, e.ref)
            )
            continue
        message = check_value(indicator, e.value)
        if message:
            problems.append(Problem(message, e.indicator, e.ref))
        current = stored.get(e.indicator)
        if _conflicts(e, current):
            problems.append(
                Problem(
                    _(
                        "%(code)s was changed by %(who)s to %(value)s while you were editing (version %(theirs)s, "
                        "yours %(yours)s). Reload and enter it again."
                    )
                    % {
                        "code": named(indicator),
                        "who": _entered_by(current) or _("someone else"),
                        "value": fmt_exact(current.value, get_language() or "vi"),
                        "theirs": current.version,
                        "yours": e.version,
                    },
                    e.indicator,
                    e.ref,
                    kind="conflict",
                )
            )
    if problems:
        raise Rejected(problems)

    if not any(_changes(e, stored.get(e.indicator)) for e in entries):
        return _Plan(Outcome(status=submission.status, unchanged=len(entries)))
    merged = {code: v.value for code, v in stored.items()} | {e.indicator: e.value for e in entries}
    violations = rules.validator.check(unit, period, merged)
    problems += _rule_problems(rules, violations, merged, entries)
    if problems:
        raise Rejected(problems)

    outcome = Outcome(status=submission.status)
    changes = []
    for e in entries:
        current = stored.get(e.indicator)
        note = e.note if e.note is not None else (current.note if current else "")
        if current is not None and current.value == e.value and current.note == note:
            outcome.unchanged += 1
            continue
        changes.append((e, indicators[e.indicator], current, note))
        if current is None:
            outcome.created += 1
        else:
            outcome.updated += 1
    return _Plan(outcome, changes, violations, rules_checked=True)


def _entered_by(current):
    """Who entered a stored value (a ``DataValue`` or a ``Stored`` row)."""
    if isinstance(current, DataValue):
        return current.entered_by
    if current.entered_by_id is None:
        return None
    return DataValue._meta.get_field("entered_by").related_model.objects.filter(pk=current.entered_by_id).first()


UPDATED_FIELDS = ["value", "note", "status", "entered_by", "entered_at", "source", "source_ref", "version"]


def _save_values(created: list[DataValue], updated: list[DataValue], user, reason: str) -> None:
    """Insert and update the values in bulk, each with its history row
    (``audit.bulk``: plain INSERTs, the same rows simple-history writes)."""
    if created:
        _insert(created)
        insert_history(DataValue, created, acting_user=user, reason=reason, history_type="+")
    if updated:
        DataValue.objects.bulk_update(updated, UPDATED_FIELDS)
        insert_history(DataValue, updated, acting_user=user, reason=reason, history_type="~")


def _insert(values: list[DataValue]) -> None:
    """New rows, in one statement. If another writer created one of them
    first (the unique constraint fires once their transaction commits),
    that is a conflict like any other. No savepoint of its own: the
    rejection ends ``record()``'s atomic block, which rolls back, and the
    roll-up differences stay in ``record()``'s one deferred upsert."""
    try:
        DataValue.objects.bulk_create(values)
    except IntegrityError:
        codes = ", ".join(named(v.indicator) for v in values)
        raise Rejected(
            [
                Problem(
                    _("%(code)s was entered by someone else while you were editing. Reload and enter it again.")
                    % {"code": codes},
                    kind="conflict",
                )
            ]
        ) from None


def _changes(entry: Entry, current: DataValue | None) -> bool:
    return current is None or current.value != entry.value or (entry.note is not None and entry.note != current.note)


def _conflicts(entry: Entry, current: DataValue | None) -> bool:
    """A stale version is only a conflict when it would change something:
    re-sending what is already stored (the same file twice) is harmless."""
    seen = current.version if current else 0
    if entry.version == seen:
        return False
    return current is None or current.value != entry.value


def _rule_problems(rules: ProgrammeRules, violations, merged, entries) -> list[Problem]:
    """The programme's error rules and the ratio parts, on the unit's stored
    values merged with the new ones (as ``validate_unit_values`` does).
    Warning rules do not block; ``record_warnings`` keeps them."""
    refs = {e.indicator: e.ref for e in entries}
    problems = []
    for violation in violations:
        if violation.is_warning:
            continue
        code = next((c for c in violation.codes if c in refs), "")
        problems.append(Problem(violation.message(current_language()), code, refs.get(code, "")))
    touched = [r for r in rules.ratios if r.numerator.code in refs or r.denominator.code in refs]
    for code, message in check_ratio_parts(touched, merged):
        problems.append(Problem(message, code, refs.get(code, "")))
    return problems


def _move(user, scope, submission, unit, action, comment, override_reason, source, source_ref, stated=None) -> str:
    _require(scope, action, unit)
    if action not in workflow.TRANSITIONS:
        raise Rejected([Problem(_("Unknown action."))])
    if not workflow.can_move(action, submission.status):
        raise Rejected(
            [
                Problem(
                    _("A report that is %(status)s cannot be %(action)s.")
                    % {"status": submission.get_status_display().lower(), "action": _action_done(action)},
                    kind="locked",
                )
            ]
        )
    if action in workflow.NEEDS_COMMENT and not comment.strip():
        raise Rejected([Problem(_("Say why in a comment."))])
    values = list(
        DataValue.objects.select_for_update().filter(
            unit=unit, period=submission.round.period, indicator__programme=submission.round.programme
        )
    )
    if action == Action.SUBMIT and not values:
        raise Rejected([Problem(_("There is nothing to submit: enter the values first."))])
    if action == Action.APPROVE:
        pending = _unapproved_below(submission)
        if pending and not override_reason.strip():
            names = ", ".join(s.unit.code for s in pending[:10])
            raise Rejected(
                [
                    Problem(
                        _(
                            "%(count)s sub-units are not approved yet (%(names)s). Approve them first, or give a "
                            "reason to override."
                        )
                        % {"count": len(pending), "names": names}
                    )
                ]
            )
        submission.override_reason = override_reason.strip() if pending else ""

    target = workflow.target_state(action)
    now = timezone.now()
    submission.status = target
    if action == Action.SUBMIT:
        submission.submitted_at = now
    else:
        submission.decided_by = user if user.is_authenticated else None
        submission.decided_at = now
    if comment.strip() or action in (Action.SUBMIT, Action.APPROVE):
        submission.comment = comment.strip()
    reason = _reason(f"{action} ({source})", source_ref)
    if action == Action.REOPEN:
        reason = _stated(
            ReasonKind.REOPEN,
            stated,
            acting_user=user,
            record=submission,
            unit=unit,
            programme=submission.round.programme,
            period=submission.round.period,
            before=ValueStatus.APPROVED,
            after=target,
        )
    _save_with_history(submission, user, reason)
    for value in values:
        value.status = target
        value.version += 1
    if values:
        bulk_update_with_history(
            values,
            DataValue,
            fields=["status", "version"],
            default_user=acting(user),
            default_change_reason=reason,
        )
    return target


def _unapproved_below(submission) -> list[Submission]:
    return list(
        Submission.objects.filter(round=submission.round, unit__path__startswith=submission.unit.path)
        .exclude(pk=submission.pk)
        .exclude(status=ValueStatus.APPROVED)
        .select_related("unit")
        .order_by("unit__path")
    )


def entered_indicators(programme) -> list[Indicator]:
    """The indicators a unit enters (not ratios, not computed), in order."""
    rows = Indicator.objects.filter(programme=programme).select_related("task_group").order_by("sort_order", "code")
    return [i for i in rows if i.is_entered]


# -- targets and rounds ---------------------------------------------------------
def set_target(
    indicator,
    unit,
    period,
    value: Decimal,
    *,
    acting_user,
    kind: str | None = None,
    source_ref="",
    scope=None,
    note="",
    reason: Stated | None = None,
    source: str = Source.API,
) -> Target:
    """Set a target (from the API, or ``source="admin"``): an amount or a
    threshold (``kind``; by default a threshold for a ratio, an amount
    otherwise), checked as the pack and the admin check it. Changing the
    value or the kind of an existing target is changing what was agreed: it
    needs a ``reason`` from the list."""
    scope = scope or Scope(acting_user)
    _require(scope, Action.SET_TARGETS, unit)
    _require_valid(unit, period, indicator.code)
    with transaction.atomic():
        target = Target.objects.select_for_update().filter(indicator=indicator, unit=unit, period=period).first()
        kind = kind or (target.kind if target else default_kind(indicator))
        problem = target_problem(indicator, kind, value)
        if problem:
            raise Rejected([Problem(problem, indicator.code)])
        if target and target.value == value and target.kind == kind and (not note or target.note == note):
            return target
        history_reason = _reason(source, source_ref)
        if target is not None and (target.value != value or target.kind != kind):
            history_reason = _stated(
                ReasonKind.TARGET,
                reason,
                acting_user=acting_user,
                record=target,
                unit=unit,
                programme=indicator.programme,
                period=period,
                before=target.value,
                after=value,
                ref=indicator.code,
            )
        target = target or Target(indicator=indicator, unit=unit, period=period)
        target.value, target.kind = value, kind
        target.note = note or target.note
        _save_with_history(target, acting_user, history_reason)
        return target


def open_round(
    programme,
    period,
    *,
    acting_user,
    deadline,
    data_from=None,
    data_to=None,
    unit_types=(),
    scope=None,
    note="",
    closes_at_deadline=False,
):
    """Open ``period`` of ``programme`` for entry and list the units that
    owe a report: the owner's subtree, of ``unit_types`` if given. The data
    window defaults to the programme's reporting window for the period."""
    scope = scope or Scope(acting_user)
    _require(scope, Action.OPEN_ROUND, programme.owner)
    start, end = ReportingRound.default_window(period, programme)
    period_end = ReportingRound.default_window(period)[1]
    with transaction.atomic():
        if ReportingRound.objects.filter(programme=programme, period=period).exists():
            raise Rejected([Problem(_("A round for %(period)s already exists.") % {"period": period})])
        round_ = ReportingRound(
            programme=programme,
            period=period,
            data_from=data_from or start,
            data_to=data_to or end,
            deadline=deadline,
            unit_types=",".join(unit_types),
            opened_by=acting_user if acting_user.is_authenticated else None,
            note=note,
            closes_at_deadline=closes_at_deadline,
        )
        round_.full_clean()
        _save_with_history(round_, acting_user, "open")
        owed = Unit.objects.subtree_of(programme.owner).valid_on(period_end)
        if unit_types:
            # the types named, and the types working as a named level
            # ("grassroots" takes a unit file's "chi-bo-co-so" too)
            owed = owed.filter(Q(type__in=list(unit_types)) | working_as(*unit_types))
        Submission.objects.bulk_create([Submission(round=round_, unit=u) for u in owed])
        return round_


def change_round(round_: ReportingRound, *, acting_user, scope=None, source_ref="", **changes) -> ReportingRound:
    """Move a round's deadline or data window (closing and reopening are
    ``closing.close_round`` and ``closing.reopen_round``)."""
    scope = scope or Scope(acting_user)
    _require(scope, Action.OPEN_ROUND, round_.programme.owner)
    with transaction.atomic():
        for name, value in changes.items():
            setattr(round_, name, value)
        round_.full_clean()
        _save_with_history(round_, acting_user, _reason(Source.API, source_ref))
    return round_


def _confirm_unusual(user, programme, rules, unit, period, written, ask: AskUnusual) -> None:
    """Inside the write's transaction, after the values are written: an
    unusual one without a valid reason rolls the whole write back."""
    found = unusual_values.find(programme, rules.ratios, unit, period, written)
    if not found:
        return
    problems = [Problem(f.message, f.value.indicator.code, kind="unusual", rule=f.unusual.why) for f in found]
    if ask.reason is None:
        raise Rejected(problems)
    for f in found:
        try:
            state(
                ReasonKind.UNUSUAL,
                ask.reason,
                acting_user=user,
                record=f.value,
                unit=unit,
                programme=programme,
                period=period,
                before=f.unusual.reference.value if f.unusual.reference else None,
                after=f.value.value,
            )
        except ReasonRequired as err:
            raise Rejected([*problems, Problem(str(err), kind="unusual")]) from None


# -- helpers --------------------------------------------------------------------
def _stated(kind, stated, *, ref="", **where) -> str:
    """Keep the stated reason of a change to what was agreed, or reject it."""
    try:
        return state(kind, stated, **where)
    except ReasonRequired as err:
        raise Rejected([Problem(str(err), ref, kind="invalid")]) from None


def _save_with_history(obj, user, reason: str) -> None:
    stamp(obj, acting_user=user, reason=reason).save()


def _reason(source: str, ref: str) -> str:
    return f"{source}: {ref}" if ref else str(source)


def _action_text(action: Action) -> str:
    return {
        Action.EDIT: _("enter values"),
        Action.SUBMIT: _("submit"),
        Action.APPROVE: _("approve"),
        Action.RETURN: _("return"),
        Action.REOPEN: _("reopen"),
        Action.OPEN_ROUND: _("open a reporting round"),
        Action.SET_TARGETS: _("set targets"),
        Action.VIEW: _("view"),
    }[action]


def _action_done(action: Action) -> str:
    return {
        Action.SUBMIT: _("submitted"),
        Action.APPROVE: _("approved"),
        Action.RETURN: _("returned"),
        Action.REOPEN: _("reopened"),
    }.get(action, str(action))
