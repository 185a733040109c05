"""Which recorded figure a figure of the draft speaks of, by the words
around it: the indicator's name and its declared synonyms against the
words of the figure's clause (nearer words weigh more), the unit of
measure written after the number ("52 tổ chức" is not about members), and
the kind of figure (a percentage is a ratio, a count is a count).

Words are compared without their diacritics (drafts are typed with and
without them) and with rapidfuzz for typing slips. A word that appears in
many indicators' names ("đảng") tells less than a rare one ("kết nạp"):
each is weighted by its inverse document frequency over the programme.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from .document import fold, words
from .extract import Figure, Kind, Role
from .records import Recorded

STOP = {
    "cua", "va", "cac", "duoc", "da", "co", "so", "voi", "doi", "cho", "trong", "la", "nhung", "theo", "tai",
    "ve", "khi", "nay", "do", "tu", "den", "tren", "duoi", "bi", "can", "se", "ma",
    "tong", "chiem", "dat", "bang", "nam", "thang", "ky", "mot", "hon", "nhieu", "it",
}  # fmt: skip

NEAR, CLAUSE, OTHER, SENTENCE = 1.0, 0.5, 0.2, 0.15
# Words that end a figure's own stretch of text: "13 hạn chế và đã khắc phục 8 …"
BOUNDARIES = ("(", ")", ",", " và ", " gồm ", "trong đó", ";", ":")
MIN_COVERAGE = 0.65  # share of an indicator name's weight the context must show
WEAK_COVERAGE, DOMINANT = 0.45, 3.0
CLOSE = 0.9  # a runner-up scoring within 10 % of the best is a real alternative


@dataclass
class Candidate:
    record: Recorded
    score: float
    coverage: float
    words: list[str] = field(default_factory=list)  # the indicator's words found


def _tokens(text: str) -> list[str]:
    return [w for w in fold(text).split() if w and w not in STOP and not w.isdigit()]


def _phrase_tokens(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z]+", fold(text)) if w not in STOP]


class Matcher:
    def __init__(self, records: list[Recorded], measures: list[str] = ()):
        self.records = records
        docs = [set(_phrase_tokens(" ".join([r.name, *r.synonyms]))) for r in records]
        df = Counter(t for d in docs for t in d)
        n = max(len(records), 1)
        self.idf = {t: math.log(1 + n / c) for t, c in df.items()}
        self.own_measures = {fold(r.measure) for r in records if r.measure}
        self.measures = sorted({fold(m) for m in [*self.own_measures, *measures] if m}, key=len, reverse=True)

    def span(self, fig: Figure, block_text: str, same: list[Figure]) -> tuple[int, int, bool]:
        """The figure's own words: back from the number to the figure before
        it (or to a "(", ",", "và", "gồm" in between), and on to the next
        figure (or to such a word). The third item says whether the words
        before it are its own (False for the first figure of a clause: "đã
        kiểm tra 52 tổ chức và 121 đảng viên" says "kiểm tra" of both)."""
        earlier = [o.end for o in same if o.end <= fig.start]
        left = max(earlier, default=fig.clause_start)
        right = min([o.start for o in same if o.start >= fig.end], default=fig.clause_end)
        before = block_text[left : fig.start]
        cut = max((before.rfind(b) + len(b) for b in BOUNDARIES if before.rfind(b) != -1), default=0)
        after = block_text[fig.end : right]
        cuts = [after.find(b) for b in BOUNDARIES if after.find(b) > 0]
        return left + cut, (fig.end + min(cuts) if cuts else right), bool(earlier)

    def context(
        self, fig: Figure, block_text: str, others: list[Figure], label: tuple[int, int] | None = None
    ) -> dict[str, float]:
        """Word -> weight: the figure's own words (``span``) weigh most, the
        rest of its clause less, the words of the other figures of the
        clause and the rest of the sentence least. A figure with no words
        of its own ("(5.155/9.810)", "đạt tỷ lệ 86,06%") takes those of the
        figure before it. In a table row, the row's label (``label``) is
        every cell's own."""
        s0, s1 = fig.sentence_start, fig.sentence_end
        if label:
            s0, s1 = 0, len(block_text)
        same = sorted(
            (o for o in others if o.clause_start == fig.clause_start and o.index != fig.index), key=lambda o: o.start
        )
        left, right, _own = self.span(fig, block_text, same)
        bare = not any(fold(w) not in STOP and not w.isdigit() for w, _s, _e in words(block_text[left:right]))
        if bare and fig.kind != Kind.NUMBER:
            before = [o for o in same if o.end <= fig.start]
            if before:
                rest = [x for x in same if x is not before[-1]] + [fig]
                left, right, _own = self.span(before[-1], block_text, rest)
        theirs = []
        for o in same:
            a, b, own = self.span(o, block_text, [x for x in same if x is not o] + [fig])
            theirs.append((a if own else o.start, b))
        weights: dict[str, float] = {}
        for word, start, _end in words(block_text[s0:s1]):
            at = s0 + start
            if left <= at < right or (label and label[0] <= at < label[1]):
                w = NEAR
            elif any(a <= at < b for a, b in theirs):
                w = OTHER
            elif fig.clause_start <= at < fig.clause_end:
                w = CLAUSE
            else:
                w = SENTENCE
            key = fold(word)
            if key in STOP or key.isdigit():
                continue
            weights[key] = max(weights.get(key, 0.0), w)
        return weights

    def _word_score(self, token: str, context: dict[str, float]) -> float:
        if token in context:
            return context[token]
        if len(token) < 4 or not context:
            return 0.0
        found = process.extractOne(token, list(context), scorer=fuzz.ratio, score_cutoff=85)
        return context[found[0]] * found[1] / 100 if found else 0.0

    def score(self, record: Recorded, fig: Figure, context: dict[str, float]) -> Candidate:
        """``coverage``: the largest share of one of the indicator's phrases
        (its name, a synonym) that the context shows, by weight; ``score``:
        how much of the context near the number the indicator's words
        explain, plus or minus the unit of measure."""
        best = Candidate(record, 0.0, 0.0)
        vocabulary: set[str] = set()
        for phrase in [record.name, *record.synonyms]:
            tokens = _phrase_tokens(phrase)
            if not tokens:
                continue
            vocabulary.update(tokens)
            total = sum(self.idf.get(t, 1.0) for t in tokens)
            got = [(t, self._word_score(t, context)) for t in tokens]
            coverage = sum(self.idf.get(t, 1.0) * s for t, s in got) / total
            if coverage > best.coverage:
                best.coverage, best.words = coverage, [t for t, s in got if s > 0]
        explained = 0.0
        for word, weight in context.items():
            if word in vocabulary:
                explained += weight * self.idf.get(word, 1.0)
            elif len(word) >= 4:
                found = process.extractOne(word, vocabulary, scorer=fuzz.ratio, score_cutoff=85)
                if found:
                    explained += weight * self.idf.get(found[0], 1.0) * found[1] / 100
        best.score = explained * best.coverage
        measure = fold(fig.measure)
        if record.measure and measure:
            named = fold(" ".join([record.name, *record.synonyms]))
            known = next((m for m in self.measures if measure.startswith(m)), None)
            if measure.startswith(fold(record.measure)) or (known and re.search(rf"\b{known}\b", named)):
                best.score += 2.0
                best.coverage = min(1.0, best.coverage + 0.15)
            elif known in self.own_measures:
                best.score -= 4.0  # "52 tổ chức" is not a count of members
                best.coverage /= 2
            elif known:
                best.score -= 1.0
                best.coverage -= 0.1
        return best

    def rank(self, fig: Figure, records: list[Recorded], context: dict[str, float]) -> list[Candidate]:
        """Candidates of the right kind, best first, above the threshold."""
        fitting = [r for r in records if kind_fits(fig, r)]
        ranked = sorted((self.score(r, fig, context) for r in fitting), key=lambda c: (-c.score, c.record.indicator))
        kept = [c for c in ranked if c.coverage >= MIN_COVERAGE and c.score > 0]
        if not kept and ranked and ranked[0].coverage >= WEAK_COVERAGE:
            # a weaker match is kept when it stands far ahead of every other
            runner_up = ranked[1].score if len(ranked) > 1 else 0.0
            if ranked[0].score >= DOMINANT * max(runner_up, 0.5):
                kept = [ranked[0]]
        return kept


def kind_fits(fig: Figure, record: Recorded) -> bool:
    if fig.kind == Kind.PERCENT:
        return record.kind == "ratio" if not fig.of_target else record.kind != "ratio" and record.target is not None
    if fig.kind == Kind.POINTS:
        return record.kind == "ratio"
    if fig.kind == Kind.PAIR:
        return record.kind == "ratio" or (fig.of_target and record.target is not None)
    if fig.kind == Kind.CHANGE and fig.relative:
        return record.kind != "ratio"
    if fig.role == Role.TARGET:
        return record.kind != "ratio" and record.target is not None
    return record.kind != "ratio"


def close_call(ranked: list[Candidate]) -> list[Candidate]:
    """The candidates too close to the best to choose between by words."""
    if not ranked:
        return []
    top = ranked[0].score
    return [c for c in ranked if c.score >= top * CLOSE]
