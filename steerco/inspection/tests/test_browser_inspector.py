"""The inspector's journey in a real browser (Debian's Chromium through
Playwright), on a phone: the commission's statistics for the half-year
under the programme's reporting window, the Excel download, then from the
case list to one case, with nothing wider than the screen."""

import io
from pathlib import Path

from openpyxl import load_workbook

from steerco.dashboard.tests.test_browser import browser, demo, log_in, shot  # noqa: F401  (fixtures)

PHONE = {"width": 390, "height": 844}


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_inspector_reads_the_statistics_downloads_them_and_opens_a_case(demo, browser):  # noqa: F811
    page = log_in(browser, demo, "ubkt.inspector", viewport=PHONE)
    page.goto(f"{demo}/inspection/statistics/?period=2023-H1")
    main = page.locator("main").inner_text()
    assert "Kỳ báo cáo: 15/12/2022 – 14/6/2023" in main  # the window, on the page
    assert "Kiểm tra khi có dấu hiệu vi phạm" in main
    assert fits(page)
    shot(page, "inspector-statistics-phone", full_page=True)

    with page.expect_download() as download:
        page.get_by_role("link", name="Tải về dạng Excel").click()
    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()), read_only=True).active
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert any("Kiểm tra khi có dấu hiệu vi phạm" in c for c in cells)

    page.goto(f"{demo}/inspection/")
    first = page.locator("main a[href^='/inspection/cases/']").first
    code = first.inner_text().strip()
    with page.expect_navigation():
        first.click()
    assert code in page.locator("main").inner_text()
    assert fits(page)
    shot(page, "inspector-case-phone", full_page=True)
    page.context.close()
