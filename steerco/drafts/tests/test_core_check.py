"""Plain tests of extraction, matching and verdicts over a book held in
memory (no database)."""

from decimal import Decimal as D

from steerco.drafts.core.check import Verdict, check
from steerco.drafts.core.document import Draft
from steerco.drafts.core.extract import Kind, extract
from steerco.drafts.core.records import Recorded, StaticBook


def texts(text: str) -> list[str]:
    return [f.text for f in extract(Draft.from_text(text)).figures]


def test_dates_references_years_sections_and_durations_are_not_figures():
    draft = (
        "Số 12-BC/TU\n"
        "Hà Nội, ngày 15 tháng 7 năm 2023\n"
        "1. Thực hiện Nghị định 09/2019/NĐ-CP, Kế hoạch số 215/KH-UBND ngày 15/6/2023, giai đoạn 2021-2025\n"
        "2.1. Trong 6 tháng đầu năm, tháng 6/2023, Điều 5, khoản 2, lần thứ 8, nhiệm kỳ 2020 - 2025\n"
        "(1) đổi mới; (2) củng cố; quý 3; Quy định 69-QĐ/TW; mã CS01; 15.6.2023; lúc 8h30"
    )
    assert texts(draft) == []


def test_every_number_style_and_counts_in_words_are_figures():
    found = extract(
        Draft.from_text(
            "Kết nạp 5.155 đảng viên; 5155 đảng viên; 5,155 đảng viên; đạt 53 %, 86,06%; "
            "có 5.155/9.810; tăng 26 so với cùng kỳ; giảm 2,3 điểm % so với cùng kỳ; "
            "tại hai đơn vị và 01 đơn vị; tổng số 48 tổ chức."
        )
    ).figures
    assert [(f.text, f.kind) for f in found] == [
        ("5.155", Kind.NUMBER), ("5155", Kind.NUMBER), ("5,155", Kind.NUMBER), ("53 %", Kind.PERCENT),
        ("86,06%", Kind.PERCENT), ("5.155/9.810", Kind.PAIR), ("26", Kind.CHANGE), ("2,3 điểm %", Kind.POINTS),
        ("hai", Kind.NUMBER), ("01", Kind.NUMBER), ("48", Kind.NUMBER),
    ]  # fmt: skip
    values = [f.value for f in found]
    assert values[:3] == [D(5155), D(5155), D("5.155")] and found[2].alternatives == (D(5155),)
    assert (found[5].value, found[5].denominator) == (D(5155), D(9810))
    assert (values[6], values[7], values[8], values[9]) == (D(26), D("-2.3"), D(2), D(1))
    assert found[0].sentence.startswith("Kết nạp") and (found[0].block, found[0].start) == (0, 8)


def rec(code, name, value, kind="count", measure="", **extra) -> Recorded:
    return Recorded(code, name, kind, "U", "Đơn vị U", "2023-H1", value, measure=measure, **extra)


BOOK = StaticBook(
    unit="U",
    period="2023-H1",
    records={
        ("U", "2023-H1"): [
            rec("ADM", "Số đảng viên mới được kết nạp", D(5155), measure="đảng viên", synonyms=("kết nạp",),
                target=D(9810), previous=D(4870), previous_period="2022-H1"),
            rec("VP", "Tổ chức đảng kết luận có vi phạm", D(6), measure="tổ chức"),
            rec("KL", "Tổ chức đảng đã kết luận", D(43), measure="tổ chức"),
            rec("TL", "Tỷ lệ tổ chức đảng vi phạm trên số đã kết luận", D(6) * 100 / 43, kind="ratio",
                numerator=D(6), denominator=D(43), numerator_code="VP", denominator_code="KL", decimals=1),
        ],
        ("U", "2022-H1"): [rec("ADM", "Số đảng viên mới được kết nạp", D(4870), measure="đảng viên")],
        ("CITY", "2023-H1"): [rec("ADM", "Số đảng viên mới được kết nạp", D(99999), measure="đảng viên")],
    },
    earlier=["2022-H2", "2022-H1"],
    around={"U": ["CITY"]},
)  # fmt: skip


def verdicts(text: str) -> list[tuple[str, Verdict, str | None]]:
    report = check(Draft.from_text(text), BOOK)
    return [(r.figure.text, r.verdict, r.record.indicator if r.record else None) for r in report.results]


def test_matches_and_share_of_target():
    assert verdicts("Đã kết nạp 5.155 đảng viên mới, đạt 53% chỉ tiêu năm.") == [
        ("5.155", Verdict.MATCHES, "ADM"),
        ("53%", Verdict.MATCHES, "ADM"),
    ]


def test_differs_stale_and_another_units_figure():
    assert verdicts("Đã kết nạp 5.200 đảng viên.")[0][1] == Verdict.DIFFERS
    assert verdicts("Đã kết nạp 4.870 đảng viên.")[0][1] == Verdict.STALE
    report = check(Draft.from_text("Đã kết nạp 99.999 đảng viên."), BOOK)
    assert (report.results[0].verdict, report.results[0].reason) == (Verdict.DIFFERS, "other_unit")


def test_a_comparison_is_checked_against_the_same_period_last_year():
    assert verdicts("Kết nạp 5.155 đảng viên, tăng 285 so với cùng kỳ.")[1][:2] == ("285", Verdict.MATCHES)
    assert verdicts("Kết nạp 5.155 đảng viên, giảm 285 so với cùng kỳ.")[1][1] == Verdict.DIFFERS


def test_the_6_is_13_9_percent_case():
    found = verdicts("Đã kết luận 6 tổ chức đảng có vi phạm (chiếm 13,9%).")
    assert found == [("6", Verdict.MATCHES, "VP"), ("13,9%", Verdict.INCONSISTENT, "TL")]
    assert verdicts("Đã kết luận 6 tổ chức đảng có vi phạm (chiếm 14,0%).")[1][1] == Verdict.MATCHES


def test_a_total_that_is_not_its_parts():
    report = check(Draft.from_text("Có 48 tổ chức, gồm 18 tổ chức cũ và 31 tổ chức mới."), BOOK)
    total = report.results[0]
    assert (total.verdict, total.reason, total.params["sum"]) == (Verdict.INCONSISTENT, "parts", "49")


def test_words_that_fit_no_indicator_give_no_record_never_a_guess():
    assert verdicts("Thành phố có 30 quận, huyện.") == [("30", Verdict.NO_RECORD, None)]


def test_a_count_chosen_by_its_value_among_equals_says_so():
    book = StaticBook(
        unit="U",
        period="2023-H1",
        records={
            ("U", "2023-H1"): [
                rec("A", "Đơn vị tổ chức thi tuyển khối chính quyền", D(46), measure="đơn vị", synonyms=("thi tuyển",)),
                rec("B", "Đơn vị thí điểm thi tuyển khối Đảng", D(2), measure="đơn vị", synonyms=("thi tuyển",)),
            ]
        },
    )
    result = check(Draft.from_text("Thi tuyển tại 2 đơn vị."), book).results[0]
    assert (result.verdict, result.record.indicator) == (Verdict.MATCHES, "B")
    assert [(n.reason, n.params["codes"]) for n in result.notes] == [("chosen", ["A", "B"])]
