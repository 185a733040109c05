"""The check: every figure of a draft gets a verdict against the records.

- ``matches``: the record says the same (a percentage within its rounding);
- ``differs``: the record says otherwise (expected, found, where it comes
  from; "it is another unit's figure" when it is);
- ``inconsistent``: the draft contradicts itself: a percentage that no
  whole denominator gives from the count it states (6 = 13,9 %), an n/N
  whose share is not the one written, a total that is not its parts;
- ``stale``: it is the figure of an earlier period;
- ``ambiguous``: several recorded figures fit the words equally, and the
  value does not choose between them: they are listed, never guessed;
- ``no_record``: nothing recorded fits the words.

Explanations are codes with parameters (``reason``, ``params``); the
application turns them into sentences in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from steerco.lib.numbers import fmt_number, fmt_percent

from .document import Draft, fold
from .extract import COMMON_MEASURES, Extraction, Figure, Kind, Role, extract
from .match import Candidate, Matcher, close_call
from .numbers import denominators_for, same_when_rounded
from .reading import ROW_SEPARATOR
from .records import Book, Recorded


class Verdict(StrEnum):
    INCONSISTENT = "inconsistent"
    DIFFERS = "differs"
    STALE = "stale"
    AMBIGUOUS = "ambiguous"
    NO_RECORD = "no_record"
    MATCHES = "matches"


ORDER = list(Verdict)  # worst first
PROBLEMS = frozenset({Verdict.DIFFERS, Verdict.INCONSISTENT, Verdict.STALE})


@dataclass
class Note:
    verdict: Verdict
    reason: str
    params: dict = field(default_factory=dict)


@dataclass
class Result:
    figure: Figure
    verdict: Verdict
    reason: str
    params: dict = field(default_factory=dict)
    record: Recorded | None = None
    unit: str = ""
    candidates: list[Candidate] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)  # further findings on the same figure

    @property
    def is_problem(self) -> bool:
        return self.verdict in PROBLEMS

    def add(self, verdict: Verdict, reason: str, **params) -> None:
        """Record a further finding; the worst one becomes the verdict."""
        if ORDER.index(verdict) < ORDER.index(self.verdict):
            self.notes.insert(0, Note(self.verdict, self.reason, self.params))
            self.verdict, self.reason, self.params = verdict, reason, params
        else:
            self.notes.append(Note(verdict, reason, params))


@dataclass
class Report:
    unit: str
    period: str
    results: list[Result]
    extraction: Extraction
    draft: Draft

    def counts(self) -> dict[str, int]:
        out = {v.value: 0 for v in Verdict}
        for r in self.results:
            out[r.verdict] += 1
        return out

    @property
    def problems(self) -> list[Result]:
        return [r for r in self.results if r.is_problem]

    def sorted(self) -> list[Result]:
        """Problems first, then in the order of the draft."""
        return sorted(self.results, key=lambda r: (ORDER.index(r.verdict), r.figure.index))


def num(value, decimals: int = 0) -> str:
    return fmt_number(value, decimals)


def pct(value, decimals: int = 0) -> str:
    return fmt_percent(value, decimals)


class Checker:
    def __init__(self, book: Book, draft: Draft):
        self.book = book
        self.draft = draft
        self._cache: dict[tuple[str, str], list[Recorded]] = {}
        own = self.records(book.unit, book.period)
        self.matcher = Matcher(own, COMMON_MEASURES)
        self.extraction = extract(draft, [r.measure for r in own if r.measure])
        self.blocks = {b.index: b.text for b in draft.blocks}
        self.labels = {b.index: (0, b.text.find(ROW_SEPARATOR)) for b in draft.blocks if b.kind == "row"}
        self.names = [(code, fold(name)) for code, names in book.unit_names().items() for name in names if name]
        self.names.sort(key=lambda pair: -len(pair[1]))

    def records(self, unit: str, period: str) -> list[Recorded]:
        key = (unit, period)
        if key not in self._cache:
            self._cache[key] = self.book.figures(unit, period)
        return self._cache[key]

    def record(self, unit: str, period: str, indicator: str) -> Recorded | None:
        return next((r for r in self.records(unit, period) if r.indicator == indicator), None)

    def run(self) -> Report:
        results: dict[int, Result] = {}
        figures = self.extraction.figures
        self._done = results
        for fig in figures:
            results[fig.index] = self.judge(fig, results)
        for group in self.extraction.groups:
            total = figures[group.total]
            parts = [figures[i] for i in group.parts]
            added = sum((p.value for p in parts), Decimal(0))
            if added != total.value and (group.complete or added > total.value):
                results[total.index].add(
                    Verdict.INCONSISTENT,
                    "parts",
                    total=num(total.value),
                    parts=" + ".join(num(p.value, p.decimals) for p in parts),
                    sum=num(added),
                )
        return Report(self.book.unit, self.book.period, list(results.values()), self.extraction, self.draft)

    # -- which unit a figure speaks of --------------------------------------

    def unit_for(self, fig: Figure) -> str:
        """A unit named in the figure's clause (the nearest before it), or in
        its sentence; else the unit the draft speaks for."""
        text = fold(self.blocks[fig.block])
        spans = [(fig.clause_start, fig.clause_end), (fig.sentence_start, fig.sentence_end)]
        for start, end in spans:
            found = []
            for code, name in self.names:
                at = text.find(name, start, end)
                while at != -1:
                    ok_left = at == 0 or not text[at - 1].isalnum()
                    ok_right = at + len(name) >= len(text) or not text[at + len(name)].isalnum()
                    if ok_left and ok_right:
                        found.append((0 if at < fig.start else 1, abs(fig.start - at), code))
                    at = text.find(name, at + 1, end)
            if found:
                return min(found)[2]
        return self.book.unit

    # -- one figure ---------------------------------------------------------

    def context(self, fig: Figure) -> dict[str, float]:
        others = [f for f in self.extraction.figures if f.block == fig.block]
        return self.matcher.context(fig, self.blocks[fig.block], others, self.labels.get(fig.block))

    def judge(self, fig: Figure, done: dict[int, Result]) -> Result:
        unit = self.unit_for(fig)
        records = self.records(unit, self.book.period)
        base = done.get(fig.attached_to) if fig.attached_to is not None else None
        if fig.kind == Kind.PERCENT:
            return self.percent(fig, unit, records, base)
        if fig.kind in (Kind.CHANGE, Kind.POINTS):
            return self.change(fig, unit, records, base)
        if fig.denominator_of is not None:
            found = self.denominator(fig, unit, records, done)
            if found is not None:
                return found
        restated = fig.kind == Kind.PAIR and base is not None and base.record is not None
        if restated and (base.record.kind == "ratio") != fig.of_target:
            return self.pair(fig, unit, base.record, [])
        ranked = self.matcher.rank(fig, records, self.context(fig))
        chosen, result = self.choose(fig, unit, ranked)
        if result is not None:
            return result
        if fig.kind == Kind.PAIR:
            return self.pair(fig, unit, chosen, ranked)
        return self.count(fig, unit, chosen, ranked)

    def denominator(self, fig: Figure, unit: str, records: list[Recorded], done: dict[int, Result]) -> Result | None:
        """ "531 thủ tục … trên tổng số 617": 617 is the N of the ratio whose n
        is what 531 was matched to."""
        numerator = done.get(fig.denominator_of)
        if numerator is None or numerator.record is None:
            return None
        code = numerator.record.indicator
        ratio = next((r for r in records if r.kind == "ratio" and r.numerator_code == code), None)
        record = next((r for r in records if ratio and r.indicator == ratio.denominator_code), None)
        return self.count(fig, unit, record, []) if record is not None else None

    def choose(
        self, fig: Figure, unit: str, ranked: list[Candidate], fits=None
    ) -> tuple[Recorded | None, Result | None]:
        """The best candidate, or a result saying why there is none."""
        if not ranked:
            hint = [r.indicator for r in self.records(unit, self.book.period) if r.value in fig.values]
            return None, Result(fig, Verdict.NO_RECORD, "no_match", {"same_value": hint}, unit=unit)
        close = close_call(ranked)
        if len(close) > 1:
            fits = fits or (lambda r: r.value in fig.values)
            fitting = [c for c in close if fits(c.record)]
            if not fitting:
                return None, Result(
                    fig, Verdict.AMBIGUOUS, "several", {"codes": [c.record.indicator for c in close]}, unit=unit,
                    candidates=ranked,
                )  # fmt: skip
            return fitting[0].record, None
        return ranked[0].record, None

    def _provenance(self, record: Recorded) -> dict:
        return {
            "indicator": record.indicator,
            "name": record.name,
            "unit": record.unit_name,
            "period": record.period,
            "provenance": record.provenance,
        }

    def _elsewhere(self, fig: Figure, unit: str, record: Recorded, values, read=lambda r: r.value) -> Result | None:
        """Stale (an earlier period's figure) or another unit's figure. The
        result keeps ``record`` (this period's, this unit's) as its record."""
        for period in self.book.earlier_periods():
            earlier = self.record(unit, period, record.indicator)
            if earlier is not None and read(earlier) is not None and values(read(earlier)):
                return Result(fig, Verdict.STALE, "earlier", {"period": period}, record=record, unit=unit)
        for other in self.book.neighbours(unit):
            theirs = self.record(other, self.book.period, record.indicator)
            if theirs is not None and read(theirs) is not None and values(read(theirs)):
                return Result(fig, Verdict.DIFFERS, "other_unit", {"other": theirs.unit_name}, record=record, unit=unit)
        return None

    def count(self, fig: Figure, unit: str, record: Recorded, ranked: list[Candidate]) -> Result:
        wanted = record.target if fig.role == Role.TARGET else record.value
        params = self._provenance(record)
        if wanted is None:
            return Result(fig, Verdict.NO_RECORD, "no_data", params, record=record, unit=unit, candidates=ranked)
        params.update(expected=num(wanted, record.decimals if record.kind == "ratio" else 0), found=fig.text)
        if wanted in fig.values:
            reason = "target" if fig.role == Role.TARGET else ("equal" if fig.value == wanted else "other_style")
            return Result(fig, Verdict.MATCHES, reason, params, record=record, unit=unit, candidates=ranked)
        if fig.role == Role.VALUE:
            elsewhere = self._elsewhere(fig, unit, record, lambda v: v in fig.values)
            if elsewhere is not None:
                elsewhere.params = {**params, **elsewhere.params}
                elsewhere.candidates = ranked
                return elsewhere
        return Result(fig, Verdict.DIFFERS, "value" if fig.role == Role.VALUE else "target_value", params,
                      record=record, unit=unit, candidates=ranked)  # fmt: skip

    def pair(self, fig: Figure, unit: str, record: Recorded, ranked: list[Candidate]) -> Result:
        params = self._provenance(record)
        if record.kind == "ratio":
            n, d = record.numerator, record.denominator
        else:
            n, d = record.value, record.target
        if n is None or d is None:
            return Result(fig, Verdict.NO_RECORD, "no_data", params, record=record, unit=unit, candidates=ranked)
        params.update(expected=f"{num(n)}/{num(d)}", found=fig.text)
        if (fig.value, fig.denominator) == (n, d):
            return Result(fig, Verdict.MATCHES, "equal", params, record=record, unit=unit, candidates=ranked)
        if record.kind == "ratio":
            elsewhere = self._elsewhere(
                fig, unit, record, lambda v: v == (fig.value, fig.denominator),
                read=lambda r: (r.numerator, r.denominator) if r.numerator is not None else None,
            )  # fmt: skip
            if elsewhere is not None:
                elsewhere.params = {**params, **elsewhere.params}
                return elsewhere
        return Result(fig, Verdict.DIFFERS, "value", params, record=record, unit=unit, candidates=ranked)

    def percent(self, fig: Figure, unit: str, records: list[Recorded], base: Result | None) -> Result:
        p, d = fig.value, fig.decimals
        stated = base.figure if base is not None else None
        if stated is not None and stated.denominator_of is not None:
            # "531 … trên tổng số 617, đạt tỷ lệ 86,06%": the share of 531 in 617
            n_fig = self.extraction.figures[stated.denominator_of]
            stated = Figure(n_fig.index, Kind.PAIR, f"{n_fig.text}/{stated.text}", stated.block, n_fig.start,
                            stated.end, n_fig.value, denominator=stated.value)  # fmt: skip
            numerator = self._done.get(n_fig.index)
            base = numerator if numerator is not None and numerator.record is not None else base
        # 1. the draft against itself: the count it states must give the share
        inconsistent = None
        if stated is not None and stated.kind == Kind.PAIR and stated.denominator and not fig.of_target:
            exact = stated.value * 100 / stated.denominator
            if not same_when_rounded(exact, p, d):
                inconsistent = (
                    "pair",
                    {"n": num(stated.value), "d": num(stated.denominator), "exact": pct(exact, d + 1)},
                )
        elif (
            stated is not None
            and stated.kind == Kind.NUMBER
            and not fig.of_target
            and not denominators_for(stated.value, p, d)
        ):
            inconsistent = ("no_denominator", {"n": num(stated.value), "found": fig.text})
        # 2. which recorded figure
        if fig.of_target:
            if base is not None and base.record is not None and base.record.kind != "ratio":
                record = base.record
            else:
                ranked = self.matcher.rank(fig, records, self.context(fig))
                record, result = self.choose(fig, unit, ranked, fits=lambda r: self._share(r) is not None)
                if result is not None:
                    return self._with(result, inconsistent)
            exact = self._share(record)
            params = self._provenance(record)
            if exact is None:
                return self._with(
                    Result(fig, Verdict.NO_RECORD, "no_data", params, record=record, unit=unit), inconsistent
                )
            params.update(expected=pct(exact, d), exact=pct(exact, 2), found=fig.text, target=num(record.target))
            if same_when_rounded(exact, p, d) or any(same_when_rounded(exact, a, d) for a in fig.alternatives):
                return self._with(
                    Result(fig, Verdict.MATCHES, "share_of_target", params, record=record, unit=unit), inconsistent
                )
            return self._with(
                Result(fig, Verdict.DIFFERS, "share_of_target", params, record=record, unit=unit), inconsistent
            )
        ratios = [r for r in records if r.kind == "ratio"]
        ranked: list[Candidate] = []
        if base is not None and base.record is not None:
            code = base.record.indicator
            if base.record.kind == "ratio":
                ratios = [base.record]
            else:
                ratios = [r for r in ratios if r.numerator_code == code] or [
                    r for r in ratios if r.denominator_code == code
                ]
            ranked = self.matcher.rank(fig, ratios, self.context(fig)) or [Candidate(r, 0.0, 0.0) for r in ratios]
        else:
            ranked = self.matcher.rank(fig, ratios, self.context(fig))
        record, result = self.choose(
            fig, unit, ranked, fits=lambda r: r.value is not None and same_when_rounded(r.value, p, d)
        )
        if result is not None:
            return self._with(result, inconsistent, stated)
        params = self._provenance(record)
        if record.value is None:
            return self._with(
                Result(fig, Verdict.NO_RECORD, "no_data", params, record=record, unit=unit), inconsistent, stated
            )
        params.update(
            expected=pct(record.value, max(d, record.decimals)),
            parts=f"{num(record.numerator)}/{num(record.denominator)}",
            exact=pct(record.value, 2),
            found=fig.text,
        )
        if inconsistent and inconsistent[0] == "no_denominator" and record.denominator:
            n = stated.value
            near = int(n * 100 / p) if p else 0
            params.update(
                recorded=f"{num(n)}/{num(record.denominator)} = {pct(n * 100 / record.denominator, d + 1)}",
                nearest=", ".join(f"{num(n)}/{num(k)} = {pct(n * 100 / k, d + 1)}" for k in (near, near + 1) if k > 0),
            )
        if same_when_rounded(record.value, p, d) or any(
            same_when_rounded(record.value, a, d) for a in fig.alternatives
        ):
            return self._with(
                Result(fig, Verdict.MATCHES, "rounded", params, record=record, unit=unit, candidates=ranked),
                inconsistent,
                stated,
            )
        stale = self._elsewhere(fig, unit, record, lambda v: same_when_rounded(v, p, d))
        if stale is not None:
            stale.params = {**params, **stale.params}
            return self._with(stale, inconsistent, stated)
        return self._with(
            Result(fig, Verdict.DIFFERS, "share", params, record=record, unit=unit, candidates=ranked),
            inconsistent,
            stated,
        )

    def _with(self, result: Result, inconsistent, stated: Figure | None = None) -> Result:
        if inconsistent:
            reason, extra = inconsistent
            result.add(Verdict.INCONSISTENT, reason, **{**result.params, **extra})
        return result

    @staticmethod
    def _share(record: Recorded) -> Decimal | None:
        if record.value is None or not record.target:
            return None
        return record.value * 100 / record.target

    def change(self, fig: Figure, unit: str, records: list[Recorded], base: Result | None) -> Result:
        """tăng 26 so với cùng kỳ; giảm 2,3 điểm %."""
        want_ratio = fig.kind == Kind.POINTS
        if base is not None and base.record is not None and (base.record.kind == "ratio") == want_ratio:
            record = base.record
            ranked: list[Candidate] = []
        else:
            ranked = self.matcher.rank(fig, records, self.context(fig))
            record, result = self.choose(fig, unit, ranked, fits=lambda r: self._difference(fig, unit, r) == fig.value)
            if result is not None:
                return result
        params = self._provenance(record)
        expected = self._difference(fig, unit, record)
        if expected is None:
            return Result(fig, Verdict.NO_RECORD, "no_previous", params, record=record, unit=unit, candidates=ranked)
        d = fig.decimals
        shown = (
            (lambda v: f"{'+' if v > 0 else ''}{num(v, d)}")
            if not fig.relative
            else (lambda v: f"{'+' if v > 0 else ''}{pct(v, d)}")
        )
        params.update(expected=shown(expected), found=fig.text, previous_period=self._base_period(fig, record))
        if same_when_rounded(expected, fig.value, d):
            return Result(fig, Verdict.MATCHES, "change", params, record=record, unit=unit, candidates=ranked)
        if same_when_rounded(expected, -fig.value, d) and fig.value:
            return Result(fig, Verdict.DIFFERS, "direction", params, record=record, unit=unit, candidates=ranked)
        return Result(fig, Verdict.DIFFERS, "change", params, record=record, unit=unit, candidates=ranked)

    def _base_period(self, fig: Figure, record: Recorded) -> str:
        if fig.base == "previous" and self.book.earlier_periods():
            return self.book.earlier_periods()[0]
        return record.previous_period

    def _difference(self, fig: Figure, unit: str, record: Recorded) -> Decimal | None:
        if record.value is None:
            return None
        if fig.base == "previous":
            periods = self.book.earlier_periods()
            before = self.record(unit, periods[0], record.indicator) if periods else None
            previous = before.value if before else None
        else:
            previous = record.previous
        if previous is None:
            return None
        if fig.relative:
            return (record.value - previous) * 100 / previous if previous else None
        return record.value - previous


def check(draft: Draft, book: Book) -> Report:
    return Checker(book, draft).run()
