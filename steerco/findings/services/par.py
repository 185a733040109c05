"""PAR-index follow-up: every criterion that lost points in a year
becomes a finding of the unit, once."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from .. import access
from ..models import Finding, FindingSource, ParCriterion, ParScore


class ParError(Exception):
    """Refused; the message is for the user."""


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


def findings_from_scores(unit, year: int, user, *, identified_on: date, deadline: date | None = None) -> list[Finding]:
    """Create a finding for each criterion of ``unit`` that lost points in
    ``year`` and has none yet. Returns the findings created."""
    if user is not None and not access.can_edit(user, unit):
        raise ParError(_("You may not record findings for this unit."))
    created = []
    # The title is a record, kept in Vietnamese whatever the user's language.
    with transaction.atomic(), translation.override("vi"):
        for result in criterion_results(unit, year):
            if result.lost <= 0:
                continue
            c = result.criterion
            finding, new = Finding.objects.get_or_create(
                owner=unit,
                par_criterion=c,
                par_year=year,
                defaults={
                    "source": FindingSource.PAR_CRITERION,
                    "title": _("Criterion %(code)s lost %(lost)s of %(max)s points in %(year)s: %(name)s")
                    % {
                        "code": c.code,
                        "lost": _points(result.lost),
                        "max": _points(c.maximum),
                        "year": year,
                        "name": c.name_vi,
                    },
                    "identified_on": identified_on,
                    "deadline": deadline,
                    "created_by": user,
                },
            )
            if new:
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
