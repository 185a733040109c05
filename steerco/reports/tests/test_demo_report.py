"""The demo's 2023-H1 report carries every figure of the facts file, read
back from the DOCX and the PDF as a reader would see them."""

import io
import re
import zipfile
from datetime import UTC, datetime

from django.test import TestCase
from docx import Document as read_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import RGBColor
from openpyxl import load_workbook

from steerco.demo.loader import PROGRAMME_CODE, load_demo
from steerco.programmes.models import Programme

from ..builder import build_document, render
from .helpers import docx_text, pdf_pages, pdf_reading_text, pdf_text, squash, style_problems

WHEN = datetime(2023, 7, 15, 2, 0, tzinfo=UTC)

BODY_STYLES = ("Body Text", "List Dash", "Lead", "Heading 1", "Heading 2", "Heading 3")

# Each published figure, as the report must show it (facts file).
FACTS = {
    "admitted 5,155 of a 9,810 target, 53 %": ["5.155", "9.810", "đạt 53 % chỉ tiêu năm 2023 (5.155/9.810)"],
    "posts filled by exam 67 of 76, 88 %": ["67/76 (88 %)"],
    "government bloc selection in 46 units": ["46 đơn vị"],
    "Party bloc pilot: 6 posts in 2 units": ["6 chức danh", "2 đơn vị"],
    "procedures delegated 531 of 617, 86.06 %": ["531/617 (86,06 %)"],
    "52 organisations inspected": ["52 tổ chức"],
    "121 members inspected, up 26 on 95": ["121 đảng viên (cùng kỳ năm 2022: 95, tăng 26)"],
    "6 organisations in violation of 43 concluded": ["6/43 (14,0 %)"],
    "55 members in violation of 120 concluded, 46 %": ["55/120 (46 %)"],
    "1 organisation disciplined": ["kỷ luật: 1 tổ chức"],
    "39 of 55 members disciplined, 71 %": ["39/55 (71 %)"],
    "deep reviews suggested to 29 agencies": ["Thành ủy gợi ý kiểm điểm sâu: 29/"],
    "and to 60 grassroots organisations": ["kiểm điểm sâu: 60/"],
    "Ứng Hòa fixed 7 of 13": ["Huyện ủy Ứng Hòa 7/13", "Huyện ủy Ứng Hòa còn 6/13"],
    "Hai Bà Trưng fixed 13 of 14, 1 under review": [
        "Quận ủy Hai Bà Trưng 13/14",
        # Under review: work started, not remediated (Ứng Hòa 1, Hai Bà Trưng 1);
        # Ứng Hòa's 5 not started are not counted (issue 5).
        "đang rà soát: 2 hạn chế, trong đó Quận ủy Hai Bà Trưng 1,",
    ],
    "48 weak organisations, 18 carried over, 30 new": ["48/", "trong đó 18 chuyển từ năm trước và 30 phát sinh mới"],
    "11 limitations to fix and 5 causes": [
        "khắc phục kỳ tới: 11 hạn chế",
        "được xác định: 5 nguyên nhân",
        "đã xác định 11 hạn chế và 05 nguyên nhân",
    ],
    "8 task groups": ["Tiếp tục thực hiện 8 nhóm nhiệm vụ"],
    "6 schemes due in 2023-H2": ["Hoàn thành 6 đề án, quy định, nhiệm vụ đến hạn trong 6 tháng cuối năm 2023"],
    "the key theme": ["Chủ đề trọng tâm: Đổi mới công tác chính trị, tư tưởng"],
}


# The register figures, where the report states them: the records they were
# counted from in the results' first sentence; the results counted from the
# inspection and deep self-review registers in section I; what the outline
# calls limitations (violations, remediation, items under review) in section
# II; the weak organisations to consolidate, a plan entry, in section III.
# Each with n/N and % where there is a denominator and the same period of
# 2022 where the registers have it; none is stated twice.
REGISTER_FIGURES = {
    "I": [
        "tổng hợp từ 216 số liệu đã phê duyệt của 63 đơn vị báo cáo và từ các sổ theo dõi"
        " (173 vụ việc kiểm tra; 42 hạn chế; 89 lượt gợi ý kiểm điểm sâu; 48 tổ chức trong danh sách yếu kém).",
        "Tổ chức đảng được kiểm tra khi có dấu hiệu vi phạm: 52 tổ chức (cùng kỳ năm 2022: 47, tăng 5).",
        "Tổ chức đảng bị thi hành kỷ luật: 1 tổ chức (cùng kỳ năm 2022: 2, giảm 1).",
        "Đảng viên được kiểm tra khi có dấu hiệu vi phạm: 121 đảng viên (cùng kỳ năm 2022: 95, tăng 26).",
        "Tỷ lệ đảng viên bị kỷ luật trên số vi phạm: 39/55 (71 %); cùng kỳ năm 2022: 30/41 (73 %)",
        "Đơn vị được Ban Thường vụ Thành ủy gợi ý kiểm điểm sâu: 29/67 đơn vị (43 %).",
        "Tổ chức cơ sở đảng được cấp ủy cấp huyện gợi ý kiểm điểm sâu: 60/120 tổ chức (50 %).",
    ],
    "II": [
        "Tỷ lệ tổ chức đảng vi phạm trên số đã kết luận: 6/43 (14,0 %); cùng kỳ năm 2022: 7/41 (17,1 %)",
        "Tỷ lệ đảng viên vi phạm trên số đã kết luận: 55/120 (46 %); cùng kỳ năm 2022: 41/93 (44 %)",
        "Tỷ lệ hạn chế, tiêu chí đã khắc phục: 20/27 (74 %)",
        "Hạn chế, tiêu chí bị trừ điểm đang rà soát: 2 hạn chế",
    ],
    "III": [
        "Tổ chức cơ sở đảng yếu kém cần củng cố: 48/130 tổ chức, trong đó 18 chuyển từ năm trước"
        " và 30 phát sinh mới (cùng kỳ năm 2022: 25/130, tăng 23)",
    ],
}


def part(text: str, section: str) -> str:
    """Section I, II or III of the body, up to the next one."""
    titles = {"I": "I. KẾT QUẢ ĐẠT ĐƯỢC", "II": "II. HẠN CHẾ", "III": "III. NHIỆM VỤ", "end": "Nơi nhận:"}
    following = {"I": "II", "II": "III", "III": "end"}[section]
    return text.split(titles[section], 1)[1].split(titles[following], 1)[0]


class DemoReportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo(progress=lambda _msg: None)
        cls.programme = Programme.objects.get(code=PROGRAMME_CODE)
        cls.document = build_document(cls.programme, "2023-H1", "vi", generated_at=WHEN)
        cls.docx = render(cls.document, "docx")
        cls.pdf = render(cls.document, "pdf")
        cls.docx_text = docx_text(cls.docx)
        cls.word = read_docx(io.BytesIO(cls.docx))
        cls.pdf_text = pdf_text(cls.pdf)

    def assert_facts(self, text):
        missing = [(fact, shown) for fact, forms in FACTS.items() for shown in forms if shown not in text]
        assert missing == []

    def test_the_docx_shows_every_published_figure(self):
        self.assert_facts(self.docx_text)

    def test_the_pdf_shows_every_published_figure(self):
        self.assert_facts(self.pdf_text)

    def test_each_register_figure_is_stated_once_in_its_section(self):
        for text in (self.docx_text, self.pdf_text):
            for section, figures in REGISTER_FIGURES.items():
                body = part(text, section)
                missing = [figure for figure in figures if figure not in body]
                assert missing == [], (section, missing)
            # A figure the outline places in II or III is not given again in I.
            results = part(text, "I")
            for stated in ("6/43", "55/120", "20/27", "rà soát", "48/130"):
                assert stated not in results, stated

    def test_a_report_of_2022_h1_names_no_limitation_identified_later(self):
        # Written on the same day, the 2022-H1 report lists no plan of 2023:
        # its limitations are those identified within its own days.
        text = build_document(self.programme, "2022-H1", "vi", generated_at=WHEN).text()
        assert "thông qua ngày" not in text
        assert "Kế hoạch khắc phục hạn chế, yếu kém 6 tháng cuối năm 2023" not in text

    def test_the_demo_report_can_be_signed_as_it_stands(self):
        from ..demo_data import SIGNER

        assert self.document.signature.name == SIGNER
        for text in (self.docx_text, self.pdf_text):
            assert "T/M BAN CHỈ ĐẠO TRƯỞNG BAN" in text and SIGNER in text

    def test_the_heading_block_follows_the_party_format(self):
        for text in (self.docx_text, self.pdf_text):
            assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
            assert "THÀNH ỦY HÀ NỘI" in text and "BAN CHỈ ĐẠO CHƯƠNG TRÌNH 01-CTr/TU" in text
            assert "Số -BC/BCĐ" in text  # a draft: the office writes the number in
            assert "Hà Nội, ngày 15 tháng 7 năm 2023" in text
            assert "BÁO CÁO" in text
            assert "Nơi nhận:" in text and "T/M BAN CHỈ ĐẠO" in text and "TRƯỞNG BAN" in text

    def test_results_are_a_line_and_short_sentences_and_come_first(self):
        results = next(s for s in self.document.sections if s.title.startswith("I."))
        assert [b.kind for b in results.blocks] == ["paragraph", "bullets"]
        assert len(results.blocks[0].text.split()) <= 60
        assert max(len(item.split()) for item in results.blocks[1].items) <= 35
        text = self.pdf_text
        assert text.index("I. KẾT QUẢ") < text.index("II. HẠN CHẾ") < text.index("III. NHIỆM VỤ")

    def test_section_two_says_what_is_wrong_why_and_what_is_being_done(self):
        body = part(self.pdf_text, "II")
        # Each limitation of the plan, with its causes and where its remediation stands.
        assert (
            "Công tác nắm bắt, định hướng tư tưởng có lúc chưa kịp thời (nguyên nhân 1); chưa triển khai khắc phục."
            in body
        )
        assert "hạn khắc phục ngày 31/12/2023" in body
        assert "Nguyên nhân chủ quan:" in body and "Nguyên nhân khách quan:" in body
        assert "Nhận thức, trách nhiệm của một số cấp ủy, người đứng đầu chưa đầy đủ; dẫn đến 04 hạn chế." in body
        # The backlogs.
        assert "05 tổ chức đảng và 16 đảng viên đã có kết luận vi phạm nhưng chưa được xem xét" in body
        assert "09 tổ chức đảng và 01 đảng viên được kiểm tra khi có dấu hiệu vi phạm chưa có kết luận" in body
        assert "07 hạn chế đã quá hạn khắc phục tại 02 đơn vị" in body
        assert "04/67 đơn vị chưa gửi báo cáo 6 tháng đầu năm 2023" in body

    def test_the_tasks_of_section_three_follow_from_section_two(self):
        table = next(t for t in self.document.tables() if t.key == "Nhiệm vụ khắc phục")
        rows = [[c.text for c in row] for row in table.rows]
        leads = {row[2] for row in rows}
        assert "Quận ủy Nam Từ Liêm" in leads and "Huyện ủy Ứng Hòa" in leads
        assert all(row[3] for row in rows)  # every task has its deadline
        assert any("hoàn thành khắc phục 06 hạn chế quá hạn" in row[1].lower() for row in rows)
        assert any("xem xét, xử lý kỷ luật 05 tổ chức đảng và 16 đảng viên" in row[1].lower() for row in rows)

    def test_every_sentence_of_every_demo_period_reads_as_a_reviewer_would_sign_it(self):
        for period in ("2022-H1", "2022-H2", "2023-H1"):
            for language in ("vi", "en"):
                document = build_document(self.programme, period, language, generated_at=WHEN)
                assert style_problems(document.prose()) == [], (period, language)

    def test_lagging_units_are_named_with_their_share_of_target(self):
        assert "Đơn vị chậm tiến độ: Số đảng viên mới được kết nạp" in self.pdf_text
        assert "đơn vị chậm so với tiến độ chỉ tiêu" in self.pdf_text

    def test_page_numbers_start_on_page_two_and_again_in_the_annex(self):
        pages = pdf_pages(self.pdf)
        annex = next(n for n, text in enumerate(pages) if text.startswith("(Kèm theo Báo cáo số"))
        assert 3 <= annex < len(pages) - 1
        numbered = lambda text, n: text.startswith(f"{n} ") or text.endswith(f" {n}")  # noqa: E731
        for part in (pages[:annex], pages[annex:]):
            assert not numbered(part[0], 1)
            assert all(numbered(text, n) for n, text in enumerate(part[1:], start=2))
        assert "(Kèm theo Báo cáo số -BC/BCĐ ngày 15/7/2023)" in pages[annex]

    def test_the_pdf_is_a4_with_liberation_serif(self):
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(self.pdf))
        box = reader.pages[0].mediabox
        assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (210, 297)
        fonts = {str(f["/BaseFont"]) for f in reader.pages[0]["/Resources"]["/Font"].values()}
        assert any("Liberation-Serif" in f for f in fonts), fonts

    def test_the_docx_page_is_a4_with_the_guideline_margins(self):
        from docx import Document as read_docx

        section = read_docx(io.BytesIO(self.docx)).sections[0]
        mm = lambda length: round(length.mm)  # noqa: E731
        assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
        margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
        assert tuple(mm(m) for m in margins) == (20, 20, 30, 15)
        assert section.different_first_page_header_footer

    def test_the_docx_and_the_pdf_say_the_same_sentences(self):
        sentences = [squash(t) for t in self.document.prose()]
        assert len(sentences) > 60
        assert [t for t in sentences if t not in self.docx_text] == []
        reading = pdf_reading_text(self.pdf)
        assert [t for t in sentences if t not in reading] == []
        paragraphs = [squash(p.text) for p in self.word.paragraphs if p.style.name in BODY_STYLES and p.text.strip()]
        assert [t for t in paragraphs if t not in reading] == []

    def test_the_docx_outline_uses_headings_that_keep_with_the_next_paragraph(self):
        by_style: dict[str, list[str]] = {}
        for p in self.word.paragraphs:
            by_style.setdefault(p.style.name, []).append(p.text)
        assert by_style["Heading 1"][:3] == [
            "I. KẾT QUẢ ĐẠT ĐƯỢC",
            "II. HẠN CHẾ, YẾU KÉM VÀ NGUYÊN NHÂN",
            "III. NHIỆM VỤ TRỌNG TÂM 6 THÁNG CUỐI NĂM 2023",
        ]
        assert "1. Hạn chế, yếu kém" in by_style["Heading 2"] and "2. Nguyên nhân" in by_style["Heading 2"]
        assert "Nguyên nhân chủ quan:" in by_style["Heading 3"]
        for name in ("Heading 1", "Heading 2", "Heading 3", "Caption"):
            style = self.word.styles[name]
            assert style.paragraph_format.keep_with_next, name
            assert style.font.name == "Times New Roman" and style.font.color.rgb == RGBColor(0, 0, 0), name
        body = self.word.styles["Body Text"]
        fmt = body.paragraph_format
        assert (body.font.name, body.font.size.pt) == ("Times New Roman", 14)
        assert fmt.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY and round(fmt.first_line_indent.mm) == 10
        assert fmt.widow_control

    def test_body_text_has_no_direct_font_formatting(self):
        overrides = []
        for p in self.word.paragraphs:
            if p.style.name not in BODY_STYLES:
                continue
            for run in p.runs:
                rpr = run._r.rPr
                if rpr is not None and [c.tag for c in rpr if c.tag != qn("w:rStyle")]:
                    overrides.append((p.text[:40], [c.tag.split("}")[1] for c in rpr]))
        assert overrides == []
        leads = [r for p in self.word.paragraphs for r in p.runs if r.style.name == "Strong"]
        assert leads  # a bold lead is the Strong character style, not bold type

    def test_a_percent_and_the_number_never_wrap_alone(self):
        texts = [p.text for p in self.word.paragraphs]
        texts += [c.text for t in self.word.tables for row in t.rows for c in row.cells]
        assert [t for t in texts if " %" in t] == []
        assert any("\u00a0%" in t for t in texts)
        assert any(t.startswith("Số\u00a0") for t in texts)

    def test_the_national_heading_has_a_drawn_rule_not_an_underline(self):
        cell = self.word.tables[0].cell(0, 1)
        heading = cell.paragraphs[0]
        assert heading.text == "ĐẢNG CỘNG SẢN VIỆT NAM"
        assert heading._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom")).get(qn("w:val")) == "single"
        assert not any(run.underline for run in heading.runs) and not heading.style.font.underline
        issuer = self.word.tables[0].cell(0, 0).paragraphs[1]
        assert issuer.text == "BAN CHỈ ĐẠO\nCHƯƠNG TRÌNH 01-CTr/TU"

    def test_the_annex_is_a_section_of_its_own_numbered_from_one(self):
        sections = self.word.sections
        assert len(sections) == 2
        start = sections[1]._sectPr.find(qn("w:pgNumType"))
        assert start is not None and start.get(qn("w:start")) == "1"
        assert sections[1].different_first_page_header_footer
        reference = next(p for p in self.word.paragraphs if p.style.name == "Annex Reference")
        assert reference.text == "(Kèm theo Báo cáo số\u00a0" + "\u00a0" * 6 + "-BC/BCĐ ngày 15/7/2023)"

    def test_the_docx_properties_name_the_issuer_and_nothing_else(self):
        props = self.word.core_properties
        assert props.author == props.last_modified_by == "BAN CHỈ ĐẠO CHƯƠNG TRÌNH 01-CTr/TU"
        assert props.title.startswith("BÁO CÁO Số") and props.language == "vi-VN"
        assert props.created == WHEN
        with zipfile.ZipFile(io.BytesIO(self.docx)) as z:
            names = z.namelist()
            assert not any("thumbnail" in n for n in names)
            assert b"Microsoft" not in z.read("docProps/app.xml")
            assert b'w:val="vi-VN"' in z.read("word/styles.xml")
        assert "Tạo tự động" not in self.docx_text and "Tạo tự động" not in self.pdf_text

    def test_the_report_says_where_its_figures_come_from_and_what_the_demo_invents(self):
        annex = self.pdf_text.split("PHỤ LỤC", 1)[1]
        note = annex.split("Ghi chú về số liệu", 1)[1].split("Biểu 1.", 1)[0]
        assert "216 số liệu đã phê duyệt của 63 đơn vị báo cáo" in note
        assert "được đếm từ 173 vụ việc kiểm tra" in note
        assert "sổ theo dõi (42 hạn chế; 89 lượt gợi ý kiểm điểm sâu; 48 tổ chức trong danh sách yếu kém)" in note
        assert "hạn gửi ngày 20/6/2023" in note
        for invented in ("43 tổ chức và 120 đảng viên là số giả định", "(29/67)", "(60/120)"):
            assert invented in note, invented

    def test_the_html_report_links_each_figure_to_its_records(self):
        from django.contrib.auth import get_user_model

        html = render(self.document, "html").decode()
        link = "/dashboard/values/?programme=01-CTr%2FTU&amp;unit=TU-HN&amp;period=2023-H1&amp;indicator=DV_KN"
        assert f'<a href="{link}">Số đảng viên mới được kết nạp</a>' in html
        body, annex = html.split("PHỤ LỤC", 1)
        rows = sum(len(t.rows) for t in self.document.tables() if t.key.startswith("Biểu"))
        assert annex.count('<a href="/dashboard/values/?') == rows
        # the body too: each figure stated in I, II and III links its name to its values
        results = body.split("II. HẠN CHẾ", 1)[0]
        assert f'<li><a href="{link}">Số đảng viên mới được kết nạp</a>: 5.155' in results
        assert results.count("<li>") == results.count('<li><a href="/dashboard/values/?') > 10
        limitation_figures = self.document.sections[1].blocks
        stated = [b for b in limitation_figures if b.kind == "bullets" and b.links and "/dashboard/" in b.links[0]]
        assert stated and all(link for b in stated for link in b.links)
        # each limitation on record links to its finding's page
        finding = re.search(r'<li><a href="(/findings/\d+/)">', body)
        assert finding is not None
        self.client.force_login(get_user_model().objects.get(username="demo"))
        page = self.client.get(link.replace("&amp;", "&"))
        assert page.status_code == 200 and "5.155" in page.content.decode()
        assert self.client.get(finding.group(1)).status_code == 200
        assert "/dashboard/values/" not in self.pdf_text and "/findings/" not in self.pdf_text

    def test_the_excel_annex_has_a_sheet_per_table_and_the_data(self):
        book = load_workbook(io.BytesIO(render(self.document, "xlsx")))
        assert len(book.sheetnames) == len(self.document.tables()) + 1
        assert book.sheetnames[0] == "Số liệu"
        assert "Biểu 1" in book.sheetnames and "Hình 1" in book.sheetnames

    def test_the_excel_data_sheet_is_one_row_per_figure_with_numbers_as_numbers(self):
        book = load_workbook(io.BytesIO(render(self.document, "xlsx")))
        data = book["Số liệu"]
        header = [c.value for c in data[1]]
        assert header[:9] == [
            "Kỳ báo cáo", "Mã đơn vị", "Đơn vị", "Cấp đơn vị", "Nhóm nhiệm vụ",
            "Mã chỉ tiêu", "Chỉ tiêu", "Loại chỉ tiêu", "Đơn vị tính",
        ]  # fmt: skip
        assert "Figures" in data.tables  # an Excel table: the source of a pivot table
        col = {name: i for i, name in enumerate(header)}
        key = (col["Kỳ báo cáo"], col["Mã đơn vị"], col["Mã chỉ tiêu"])
        rows = {tuple(r[i].value for i in key): r for r in data.iter_rows(min_row=2)}
        admitted = rows[("2023-H1", "TU-HN", "DV_KN")]
        assert admitted[col["Giá trị (số lượng)"]].value == 5155 and admitted[col["Chỉ tiêu kế hoạch"]].value == 9810
        share = admitted[col["Tỷ lệ đạt chỉ tiêu kế hoạch"]]
        assert round(share.value, 4) == 0.5255 and share.number_format == "0%"
        delegated = rows[("2023-H1", "TU-HN", "CCHC_PC_TL")]
        assert (delegated[col["Tử số n"]].value, delegated[col["Mẫu số N"]].value) == (531, 617)
        assert delegated[col["Tỷ lệ n/N"]].number_format == "0.00%"
        assert round(delegated[col["Tỷ lệ n/N"]].value, 4) == 0.8606
        assert rows[("2022-H1", "TU-HN", "KT_DV_KT")][col["Giá trị (số lượng)"]].value == 95
        assert rows[("2023-H1", "HU-UNGHOA", "PAR_KP_TL")][col["Tử số n"]].value == 7
        # Every figure is a number: no figure column holds text.
        numeric = ["Giá trị (số lượng)", "Tử số n", "Mẫu số N", "Tỷ lệ n/N", "Chỉ tiêu kế hoạch"]
        numeric += ["Tỷ lệ đạt chỉ tiêu kế hoạch", "Số giá trị đơn vị được cộng"]
        kinds = {type(r[col[name]].value) for r in data.iter_rows(min_row=2) for name in numeric}
        assert kinds <= {int, float, type(None)}, kinds

    def test_the_excel_tables_keep_numbers_as_numbers(self):
        book = load_workbook(io.BytesIO(render(self.document, "xlsx")))
        table = book["Biểu 3"]
        rows = {r[0].value: r for r in table.iter_rows(min_row=3) if r[0].value}
        ratio = rows["Tỷ lệ tổ chức đảng vi phạm trên số đã kết luận"]
        assert round(ratio[2].value, 4) == 0.1395 and ratio[2].number_format == "0.0%"
        assert round(ratio[4].value, 4) == 0.1707 and ratio[5].number_format.startswith("+0.0%")
        assert rows["Đảng viên được kiểm tra khi có dấu hiệu vi phạm"][5].value == 26

    def test_every_chart_carries_its_data_for_the_annex(self):
        charts = [b for s in self.document.annex for b in s.blocks if b.kind == "chart"]
        assert len(charts) >= 2
        assert all(c.png.startswith(b"\x89PNG") and c.data.rows for c in charts)

    def test_the_excel_annex_draws_no_chart_and_a_docx_draws_each_once(self):
        document = build_document(self.programme, "2023-H1", "vi", generated_at=WHEN)
        charts = [b for s in document.annex for b in s.blocks if b.kind == "chart"]
        render(document, "xlsx")
        assert charts and not any("png" in vars(c) for c in charts)  # nothing drawn yet
        render(document, "docx")
        drawn = [vars(c)["png"] for c in charts]
        assert all(png.startswith(b"\x89PNG") for png in drawn)
        render(document, "pdf")  # the PDF embeds the same pictures, not drawn again
        assert all(vars(c)["png"] is png for c, png in zip(charts, drawn, strict=True))

    def test_only_the_excel_annex_makes_the_data_table(self):
        document = build_document(self.programme, "2023-H1", "en", generated_at=WHEN)
        render(document, "pdf")
        render(document, "docx")
        assert "data" not in vars(document)
        book = load_workbook(io.BytesIO(render(document, "xlsx")))
        assert "data" in vars(document) and len(document.data.rows) > 100
        assert book.sheetnames[0] == "Data"  # made in the document's language, not the caller's
        assert book["Data"]["A1"].value == "Period"

    def test_the_english_report_is_complete_english(self):
        text = docx_text(render(build_document(self.programme, "2023-H1", "en", generated_at=WHEN), "docx"))
        assert "COMMUNIST PARTY OF VIETNAM" in text and "REPORT" in text
        assert "the first half of 2023" in text and "5,155" in text and "531/617 (86.06%)" in text
        assert "I. RESULTS" in text and "Recipients:" in text
        assert "cùng kỳ" not in text and "KẾT QUẢ" not in text
        # Each result starts its own sentence; no bracket holds another.
        assert "units and from the registers (173 inspection cases; 42 findings;" in text
        assert "New Party members admitted: 5,155 members, 53% of the 2023 target (5,155/9,810);" in text
        assert "Share of procedures delegated: 531/617 (86.06%); same period of 2022: 478/602 (79.40%)" in text
        assert "Party organisations inspected on signs of violation: 52 organisations" in text
        assert "Party organisations disciplined: 1 organisation (same period of 2022: 2, down 1)." in text
