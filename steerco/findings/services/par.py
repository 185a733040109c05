"""PAR-index follow-up: every criterion that lost points in a year
becomes a finding of the unit, once."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from steerco.audit.history import stamp
from steerco.lib.errors import Refused
from steerco.units import validity

from .. import access
from ..models import Finding, FindingSource, ParCriterion, ParScore, Status


class ParError(Refused):
    """Refused, nothing written; the message is for the user. ``errors``
    maps a field (a sub-criterion code, ``unit``, ``maximum`` …) to its
    messages when the refusal is about particular inputs."""

    def __init__(self, message: str, errors: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.errors = errors or {}


@dataclass(frozen=True)
class CriterionResult:
    criterion: ParCriterion
    score: Decimal

    @property
    def lost(self) -> Decimal:
        return self.criterion.maximum - self.score


def criterion_results(unit, year: int) -> list[CriterionResult]:
    """Each criterion the unit was scored on in ``year`` (all of its
    sub-criteria scored), with the sum of its sub-criteria scores."""
    scores = ParScore.objects.filter(unit=unit, year=year).select_related("sub_criterion")
    by_criterion: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for s in scores:
        by_criterion[s.sub_criterion.criterion_id][s.sub_criterion_id] = s.score
    criteria = ParCriterion.objects.filter(pk__in=by_criterion).prefetch_related("sub_criteria").select_related("area")
    out = []
    for criterion in criteria:
        subs = {sc.pk for sc in criterion.sub_criteria.all()}
        scored = by_criterion[criterion.pk]
        if subs and subs <= scored.keys():
            out.append(CriterionResult(criterion, sum(scored.values(), Decimal(0))))
    return sorted(out, key=lambda r: (r.criterion.area.sort_order, r.criterion.sort_order, r.criterion.code))


def findings_from_scores(
    unit, year: int, *, acting_user, identified_on: date, deadline: date | None = None, results=None
) -> list[Finding]:
    """Create a finding for each criterion of ``unit`` that lost points in
    ``year`` and has none yet (``results``: ``criterion_results`` when the
    caller already has them). Returns the findings created."""
    if acting_user is not None and not access.can_edit(acting_user, unit):
        raise ParError(_("You may not record findings for this unit."))
    results = criterion_results(unit, year) if results is None else results
    created = []
    # The title is a record, kept in Vietnamese whatever the user's language.
    with transaction.atomic(), translation.override("vi"):
        have = set(
            Finding.objects.filter(owner=unit, par_year=year, par_criterion__isnull=False).values_list(
                "par_criterion_id", flat=True
            )
        )
        for result in results:
            c = result.criterion
            if result.lost <= 0 or c.pk in have:
                continue
            finding = Finding(
                owner=unit,
                par_criterion=c,
                par_year=year,
                source=FindingSource.PAR_CRITERION,
                title=_("Criterion %(code)s lost %(lost)s of %(max)s points in %(year)s: %(name)s")
                % {
                    "code": c.code,
                    "lost": _points(result.lost),
                    "max": _points(c.maximum),
                    "year": year,
                    "name": c.name_vi,
                },
                identified_on=identified_on,
                deadline=deadline,
                created_by=acting_user,
            )
            stamp(finding, acting_user=acting_user)
            finding.save()
            created.append(finding)
    return created


def _points(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


def load_index(data: dict):
    """Create a PAR index from its description (see data/par-index-district.yaml):
    areas and criteria, each criterion with the same sub-criteria; maxima
    add up from the sub-criteria."""
    from ..models import ParArea, ParIndex, ParSubCriterion

    subs = data["sub_criteria"]
    per_criterion = sum(Decimal(str(s["maximum"])) for s in subs)
    with transaction.atomic():
        index = ParIndex.objects.create(
            code=data["code"], name_vi=data["name_vi"], name_en=data.get("name_en", ""), maximum=0
        )
        total = Decimal(0)
        for a_order, a in enumerate(data["areas"]):
            area = ParArea.objects.create(
                index=index,
                code=a["code"],
                name_vi=a["name_vi"],
                name_en=a.get("name_en", ""),
                maximum=per_criterion * len(a["criteria"]),
                sort_order=a_order,
            )
            total += area.maximum
            for c_order, c in enumerate(a["criteria"]):
                criterion = ParCriterion.objects.create(
                    area=area,
                    code=c["code"],
                    name_vi=c["name_vi"],
                    name_en=c.get("name_en", ""),
                    maximum=per_criterion,
                    sort_order=c_order,
                )
                ParSubCriterion.objects.bulk_create(
                    ParSubCriterion(
                        criterion=criterion,
                        code=f"{c['code']}.{s['code']}",
                        name_vi=s["name_vi"],
                        name_en=s.get("name_en", ""),
                        maximum=Decimal(str(s["maximum"])),
                        sort_order=i,
                    )
                    for i, s in enumerate(subs)
                )
        index.maximum = total
        index.save(update_fields=["maximum"])
    return index


# -- entering the index's structure -------------------------------------------------
LEVELS = ("area", "criterion", "sub_criterion")
MAX_POINTS = Decimal("1000")


def create_index(*, acting_user, code: str, name_vi: str, name_en: str = ""):
    from ..models import ParIndex

    if not access.can_manage_par_index(acting_user):
        raise ParError(_("Only the city secretariat may change the PAR index."))
    code = code.strip().upper()
    if not code or not name_vi.strip():
        raise ParError(_("Give the index a code and a Vietnamese name."))
    if ParIndex.objects.filter(code=code).exists():
        raise ParError(_("There is already a PAR index “%(code)s”.") % {"code": code}, {"code": [_("Taken.")]})
    index = ParIndex(code=code, name_vi=name_vi.strip(), name_en=name_en.strip(), maximum=0)
    stamp(index, acting_user=acting_user)
    index.save()
    return index


def save_node(
    index,
    *,
    acting_user,
    level: str,
    code: str,
    name_vi: str,
    name_en: str = "",
    parent: str = "",
    maximum: Decimal | None = None,
    sort_order: int | None = None,
):
    """Add a node to ``index``, or change the one with that code under the
    same parent (so saving twice changes nothing). An area hangs from the
    index, a criterion from an area (``parent`` is its code), a
    sub-criterion from a criterion. Only a sub-criterion takes a
    ``maximum``; the levels above add up (``recompute_maxima``). Refuses,
    writing nothing, a maximum that is not positive or is below a score
    already recorded."""
    from ..models import ParArea, ParSubCriterion

    if not access.can_manage_par_index(acting_user):
        raise ParError(_("Only the city secretariat may change the PAR index."))
    if level not in LEVELS:
        raise ParError(_("Choose area, criterion or sub-criterion."), {"level": [_("Unknown level.")]})
    code, parent = code.strip(), parent.strip()
    if not code or not name_vi.strip():
        raise ParError(_("Give a code and a Vietnamese name."), {"code": [_("Required.")]})
    with transaction.atomic():
        if level == "area":
            model, fields = ParArea, {"index": index}
        elif level == "criterion":
            area = index.areas.filter(code=parent).first()
            if area is None:
                raise ParError(_("There is no area “%(code)s” in this index.") % {"code": parent}, {"parent": [""]})
            model, fields = ParCriterion, {"area": area}
        else:
            criterion = ParCriterion.objects.filter(area__index=index, code=parent).first()
            if criterion is None:
                raise ParError(
                    _("There is no criterion “%(code)s” in this index.") % {"code": parent}, {"parent": [""]}
                )
            model, fields = ParSubCriterion, {"criterion": criterion}
        node = model.objects.select_for_update().filter(code=code, **fields).first()
        if node is None:
            node = model(code=code, maximum=0, **fields)
            siblings = model.objects.filter(**fields)
            node.sort_order = siblings.count() if sort_order is None else sort_order
        elif sort_order is not None:
            node.sort_order = sort_order
        node.name_vi, node.name_en = name_vi.strip(), name_en.strip()
        if level == "sub_criterion":
            node.maximum = _check_maximum(node, maximum)
        stamp(node, acting_user=acting_user)
        node.save()
        recompute_maxima(index, acting_user=acting_user)
    return node


def _check_maximum(node, maximum: Decimal | None) -> Decimal:
    if maximum is None:
        raise ParError(_("Give the sub-criterion's maximum."), {"maximum": [_("Required.")]})
    if not Decimal(0) < maximum <= MAX_POINTS:
        raise ParError(
            _("The maximum must be above 0 and at most %(max)s points.") % {"max": MAX_POINTS},
            {"maximum": [_("Out of range.")]},
        )
    if node.pk:
        above = node.scores.filter(score__gt=maximum).order_by("-score").first()
        if above is not None:
            raise ParError(
                _("%(unit)s already has %(score)s points on this sub-criterion in %(year)s: above the new maximum.")
                % {"unit": above.unit.code, "score": _points(above.score), "year": above.year},
                {"maximum": [_("Below a recorded score.")]},
            )
    return maximum


def recompute_maxima(index, *, acting_user=None) -> None:
    """A criterion's maximum is the sum of its sub-criteria's, an area's of
    its criteria's, the index's of its areas'. Saves (with history) only
    what changed."""
    from ..models import ParArea, ParSubCriterion

    subs = ParSubCriterion.objects.filter(criterion__area__index=index).values_list("criterion_id", "maximum")
    per_criterion: dict[int, Decimal] = defaultdict(Decimal)
    for criterion_id, maximum in subs:
        per_criterion[criterion_id] += maximum
    per_area: dict[int, Decimal] = defaultdict(Decimal)
    for criterion in ParCriterion.objects.filter(area__index=index):
        _set_maximum(criterion, per_criterion[criterion.pk], acting_user)
        per_area[criterion.area_id] += criterion.maximum
    total = Decimal(0)
    for area in ParArea.objects.filter(index=index):
        _set_maximum(area, per_area[area.pk], acting_user)
        total += area.maximum
    _set_maximum(index, total, acting_user)


def _set_maximum(node, value: Decimal, user) -> None:
    if node.maximum != value:
        node.maximum = value
        stamp(node, acting_user=user)
        node.save(update_fields=["maximum"])


# -- entering a unit's scores for a year --------------------------------------------------
@dataclass
class ScoresSaved:
    saved: int
    created: list[Finding]
    withdrawn: list[str]  # criteria whose untouched finding was withdrawn
    kept: list[Finding]  # findings of criteria now at full marks, kept because work started


def save_scores(
    index,
    unit,
    year: int,
    scores: dict[str, Decimal],
    *,
    acting_user,
    notes: dict[str, str] | None = None,
    identified_on: date | None = None,
    deadline: date | None = None,
) -> ScoresSaved:
    """Record ``unit``'s scores in ``year`` on ``index``'s sub-criteria
    (``scores`` maps a sub-criterion code to its score), then follow up:
    every criterion that lost points gets its finding, once.

    All or nothing: a unit outside the user's working scope, an unknown
    sub-criterion, a negative score or one above the maximum refuses the
    whole entry with the reasons. Saving the same scores again writes
    nothing new.

    A criterion raised back to full marks (a correction): its finding is
    withdrawn (deleted, the deletion kept in its history) if nobody has
    worked on it yet — still open, no action, evidence, cause or plan;
    otherwise it stays in the workflow and is returned in ``kept``, to be
    closed as no longer relevant with a stated reason."""
    from ..models import ParSubCriterion

    if not access.can_edit(acting_user, unit):
        raise ParError(
            _("You may not record PAR-index scores for %(unit)s.") % {"unit": unit.code}, {"unit": [unit.code]}
        )
    if not 2000 <= year <= 2100:
        raise ParError(_("%(year)s is not a year of the PAR index.") % {"year": year}, {"year": [str(year)]})
    refused = validity.period_refusal(unit, str(year))
    if refused:
        raise ParError(refused, {"unit": [refused]})
    notes = notes or {}
    subs = {s.code: s for s in ParSubCriterion.objects.filter(criterion__area__index=index)}
    errors: dict[str, list[str]] = {}
    for code, value in scores.items():
        sub = subs.get(code)
        if sub is None:
            errors[code] = [_("There is no sub-criterion “%(code)s” in this index.") % {"code": code}]
        elif value is None or not value.is_finite():
            errors[code] = [_("%(code)s: write a number.") % {"code": code}]
        elif value < 0:
            errors[code] = [_("%(code)s: a score cannot be negative.") % {"code": code}]
        elif value > sub.maximum:
            errors[code] = [
                _("%(code)s: %(score)s is above the maximum of %(max)s points.")
                % {"code": code, "score": _points(value), "max": _points(sub.maximum)}
            ]
    if errors:
        listed = " ".join(m for ms in errors.values() for m in ms)
        raise ParError(_("Nothing was saved: %(errors)s") % {"errors": listed}, errors)
    saved = 0
    with transaction.atomic():
        existing = {
            s.sub_criterion_id: s
            for s in ParScore.objects.select_for_update().filter(unit=unit, year=year, sub_criterion__in=subs.values())
        }
        for code, value in scores.items():
            sub, note = subs[code], notes.get(code, "").strip()
            row = existing.get(sub.pk)
            if row is not None and row.score == value and (code not in notes or row.note == note):
                continue
            if row is None:
                row = ParScore(unit=unit, year=year, sub_criterion=sub)
            row.score = value
            if code in notes:
                row.note = note
            stamp(row, acting_user=acting_user)
            row.save()
            saved += 1
        results = criterion_results(unit, year)
        created = findings_from_scores(
            unit,
            year,
            identified_on=identified_on or timezone.localdate(),
            deadline=deadline,
            results=results,
            acting_user=acting_user,
        )
        withdrawn, kept = _full_again(index, unit, year, acting_user, results)
    return ScoresSaved(saved, created, withdrawn, kept)


def _full_again(index, unit, year: int, user, results) -> tuple[list[str], list[Finding]]:
    full = [r.criterion.pk for r in results if r.lost <= 0]
    if not full:
        return [], []
    findings = Finding.objects.filter(
        owner=unit, par_year=year, par_criterion__in=full, par_criterion__area__index=index
    ).select_related("par_criterion")
    withdrawn, kept = [], []
    for finding in findings:
        untouched = (
            finding.status == Status.OPEN
            and finding.plan_id is None
            and not finding.actions.exists()
            and not finding.evidence.exists()
            and not finding.causes.exists()
        )
        if untouched:
            withdrawn.append(finding.par_criterion.code)
            stamp(finding, acting_user=user, reason="PAR score corrected to full marks")
            finding.delete()
        else:
            kept.append(finding)
    return withdrawn, kept
