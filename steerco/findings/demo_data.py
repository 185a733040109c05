"""The findings registers of the Hanoi demo, built from raw records so
that every published figure is counted, not typed:

- PAR-index scores of Ứng Hòa and Hai Bà Trưng for 2022; the criteria that
  lost points become findings (13 and 14), and are remediated with
  evidence through the same workflow as in the app (7 and 13);
- the deep self-reviews suggested at the end of 2022: by the city Standing
  Committee to 29 agencies, by district Standing Committees to 60
  grassroots organisations;
- the 2022 list of weak grassroots organisations, closed and carried over:
  18 unconsolidated ones go into 2023, where 30 new ones join them;
- the steering committee's plan for 2023-H2: 11 limitations, 5 causes.

docs/demo-data.md lists what is invented.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import yaml
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from steerco.accounts.models import Membership, Role
from steerco.demo.loader import PROGRAMME_CODE, demo_units
from steerco.indicators.models import Indicator
from steerco.lib.spread import weight
from steerco.programmes.models import Programme
from steerco.units.models import Unit

from .models import (
    Cause,
    DeepReviewSuggestion,
    Finding,
    FindingSource,
    ParScore,
    ParSubCriterion,
    RemediationPlan,
    Status,
    WeakOrganisation,
)
from .services import carryover, evidence, par, workflow

DATA = Path(__file__).parent / "data"
PAR_YEAR = 2022
REVIEW_YEAR = 2022

# unit, criteria that lost points in 2022, remediated, of which verified
PAR_FOLLOW_UP = [("HU-UNGHOA", 13, 7, 4), ("QU-HAIBATRUNG", 14, 13, 9)]
DEEP_REVIEWS_CITY = 29
DEEP_REVIEWS_DISTRICT = 60
WEAK_2022 = 25  # invented: the 2022 list
WEAK_2022_CONSOLIDATED = 7  # invented: consolidated within 2022, so 18 carry over
WEAK_2023_NEW = 30
# The secretariat verifies before the 2023-H1 round closes (14 June 2023,
# the pack's reporting window), so the verification counts in 2023-H1.
VERIFIED_ON = date(2023, 6, 12)


def pick(codes, count: int, salt: str) -> list[str]:
    """A stable choice of ``count`` codes."""
    chosen = sorted(codes, key=lambda c: weight(salt + c))[:count]
    if len(chosen) < count:
        raise ValueError(f"{salt}: only {len(chosen)} units to pick {count} from")
    return chosen


def load(progress) -> None:
    units = {u.code: u for u in Unit.objects.all()}
    secretariat = _member("demo", Role.SECRETARIAT, units["TU-HN"])
    progress("Findings: PAR-index scores and their follow-up …")
    _par_follow_up(units, secretariat)
    progress("Findings: deep self-review suggestions …")
    _deep_reviews(units)
    progress("Findings: weak grassroots organisations, 2022 closed and carried over …")
    _weak_organisations(units, secretariat)
    progress("Findings: the plan for 2023-H2 …")
    _plan(units)
    progress("Findings: agencies answer their deep self-review with a plan …")
    _answers_to_deep_reviews()


def _member(username: str, role: str, unit: Unit):
    """The demo user who acts for ``unit``; district reporters are made
    here as the authors of their remediation (no login: unusable password)."""
    User = get_user_model()
    user, created = User.objects.get_or_create(username=username)
    if created:
        user.set_unusable_password()
        user.save()
    Membership.objects.get_or_create(user=user, unit=unit, role=role)
    return user


# -- PAR index -------------------------------------------------------------------
def _par_follow_up(units, secretariat) -> None:
    index = par.load_index(yaml.safe_load((DATA / "par-index-district.yaml").read_text(encoding="utf-8")))
    criteria = list(
        index.areas.all().values_list("criteria__code", flat=True).order_by("sort_order", "criteria__sort_order")
    )
    subs = list(ParSubCriterion.objects.filter(criterion__area__index=index).select_related("criterion"))
    for code, lost, remediated, verified in PAR_FOLLOW_UP:
        unit = units[code]
        losing = set(pick(criteria, lost, f"PAR-{code}"))
        # Full marks, except the second sub-criterion of each losing criterion.
        ParScore.objects.bulk_create(
            ParScore(
                unit=unit,
                year=PAR_YEAR,
                sub_criterion=s,
                score=s.maximum / 2 if s.criterion.code in losing and s.sort_order == 1 else s.maximum,
            )
            for s in subs
        )
        reporter = _member(f"{code.split('-')[1].lower()}.reporter", Role.REPORTER, unit)
        findings = par.findings_from_scores(
            unit, PAR_YEAR, identified_on=date(2023, 1, 16), deadline=date(2023, 6, 30), acting_user=reporter
        )
        _remediate(findings, reporter, secretariat, remediated, verified)


def _remediate(findings, reporter, superior, remediated: int, verified: int) -> None:
    """Work the first ``remediated`` findings through the workflow with a
    report attached; the superior verifies the first ``verified``; one of
    the rest is in progress, the others still open."""
    for i, finding in enumerate(findings):
        start = date(2023, 2, 1) + timedelta(days=3 * i)
        if i > remediated:
            continue  # still open
        workflow.transition(finding, Status.IN_PROGRESS, on=start, acting_user=reporter)
        if i == remediated:
            continue  # in progress
        report = SimpleUploadedFile(
            f"bao-cao-khac-phuc-{finding.par_criterion.code}.pdf",
            _pdf(f"Bao cao khac phuc tieu chi {finding.par_criterion.code}, {finding.owner.code}"),
            content_type="application/pdf",
        )
        evidence.attach(finding, report, description="Báo cáo kết quả khắc phục", acting_user=reporter)
        done = start + timedelta(days=60)
        workflow.transition(finding, Status.REMEDIATED, on=done, acting_user=reporter)
        if i < verified:
            workflow.transition(finding, Status.VERIFIED, on=VERIFIED_ON, acting_user=superior)


def _pdf(text: str) -> bytes:
    """A one-page PDF saying ``text`` (ASCII), valid enough for any reader."""
    stream = f"BT /F1 12 Tf 72 760 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


# -- deep self-reviews -------------------------------------------------------------
def _deep_reviews(units) -> None:
    layout = demo_units()
    city = units["TU-HN"]
    rows = [
        DeepReviewSuggestion(
            suggested_by=city,
            addressed_to=units[code],
            to_leaders=True,
            review_year=REVIEW_YEAR,
            suggested_on=date(2022, 12, 20),
            subject="Gợi ý kiểm điểm sâu tập thể, cá nhân lãnh đạo năm 2022",
        )
        for code in pick(layout.agencies, DEEP_REVIEWS_CITY, "KTS_TP")
    ]
    for code in pick(layout.district_grassroots, DEEP_REVIEWS_DISTRICT, "KTS_QH"):
        org = units[code]
        rows.append(
            DeepReviewSuggestion(
                suggested_by=org.parent,
                addressed_to=org,
                review_year=REVIEW_YEAR,
                suggested_on=date(2022, 12, 27),
                subject="Gợi ý kiểm điểm sâu tổ chức cơ sở đảng năm 2022",
            )
        )
    DeepReviewSuggestion.objects.bulk_create(rows)


# Two of the agencies answer with a plan for 2023 (invented texts): the
# chain suggestion → plan → findings and causes, as the app records it.
ANSWER_LIMITATIONS = [
    "Việc quán triệt, triển khai nghị quyết của cấp trên có lúc chưa kịp thời",
    "Tự kiểm tra, giám sát trong nội bộ chưa thường xuyên",
]
ANSWER_CAUSE = "Người đứng đầu chưa thường xuyên đôn đốc, kiểm tra việc thực hiện"
ANSWERING_AGENCIES = 2


def _answers_to_deep_reviews() -> None:
    suggestions = DeepReviewSuggestion.objects.filter(suggested_by__code="TU-HN").select_related("addressed_to")
    for suggestion in sorted(suggestions, key=lambda s: s.addressed_to.code)[:ANSWERING_AGENCIES]:
        unit = suggestion.addressed_to
        plan = RemediationPlan.objects.create(
            unit=unit,
            title="Kế hoạch khắc phục hạn chế, khuyết điểm sau kiểm điểm sâu năm 2022",
            period="2023",
            adopted_on=date(2023, 2, 15),
            suggestion=suggestion,
        )
        findings = [
            Finding.objects.create(
                owner=unit,
                title=title,
                source=FindingSource.DEEP_REVIEW,
                suggestion=suggestion,
                plan=plan,
                identified_on=date(2023, 2, 15),
                deadline=date(2023, 12, 31),
            )
            for title in ANSWER_LIMITATIONS
        ]
        cause = Cause.objects.create(unit=unit, plan=plan, description=ANSWER_CAUSE)
        cause.findings.set(findings)


# -- weak grassroots organisations ---------------------------------------------------
def _weak_organisations(units, secretariat) -> None:
    grassroots = demo_units().all_grassroots
    listed_2022 = pick(grassroots, WEAK_2022, "TCCS_YEU-2022")
    consolidated = set(pick(listed_2022, WEAK_2022_CONSOLIDATED, "TCCS_YEU-2022-CT"))
    WeakOrganisation.objects.bulk_create(
        WeakOrganisation(
            organisation=units[code],
            year=2022,
            reason="Đánh giá, xếp loại chất lượng năm 2021: không hoàn thành nhiệm vụ",
            consolidated_on=date(2022, 11, 30) if code in consolidated else None,
        )
        for code in listed_2022
    )
    carryover.close_year(units["TU-HN"], 2022, acting_user=secretariat)
    new_2023 = pick([c for c in grassroots if c not in listed_2022], WEAK_2023_NEW, "TCCS_YEU-2023")
    WeakOrganisation.objects.bulk_create(
        WeakOrganisation(organisation=units[code], year=2023, reason="Đánh giá, xếp loại chất lượng năm 2022: yếu kém")
        for code in new_2023
    )


# -- the plan for 2023-H2 -----------------------------------------------------------
def _plan(units) -> None:
    data = yaml.safe_load((DATA / "plan-2023-h2.yaml").read_text(encoding="utf-8"))
    programme = Programme.objects.get(code=PROGRAMME_CODE)
    groups = {g.code: g for g in programme.task_groups.all()}
    indicators = {i.code: i for i in Indicator.objects.filter(programme=programme)}
    unit = units[data["unit"]]
    plan = RemediationPlan.objects.create(
        unit=unit, title=data["title"], period=data["period"], adopted_on=data["adopted_on"], programme=programme
    )
    findings = [
        Finding.objects.create(
            owner=unit,
            title=item["title"],
            source=FindingSource.STEERING,
            plan=plan,
            programme=programme,
            task_group=groups[item["group"]],
            indicator=indicators.get(item.get("indicator", "")),
            identified_on=data["adopted_on"],
            deadline=data["deadline"],
        )
        for item in data["limitations"]
    ]
    for item in data["causes"]:
        cause = Cause.objects.create(unit=unit, plan=plan, kind=item["kind"], description=item["text"])
        cause.findings.set(findings[n - 1] for n in item["limitations"])
