"""From period close to a signed, delivered report, in a real browser
(Debian's Chromium driven by Playwright) on the Hanoi demo: the
secretariat closes the 2023-H1 round, drafts the report for review (a
standing member comments on it from the inbox, the secretariat answers
in the free text of section II), issues the report (built, signed with
a test certificate and sent by the issue job), verifies the signature on
the report's page; a recipient finds it in the inbox. The journey is timed;
screenshots and the timing go to test-artifacts/ (git-ignored)."""

import io
import threading
import time

import pytest
from django.db import connections
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from steerco.collection.models import ReportingRound, RoundState
from steerco.dashboard.tests.test_browser import ARTIFACTS, browser, log_in, shot  # noqa: F401  (fixture)
from steerco.demo.loader import load_demo
from steerco.jobs.models import Job, JobStatus
from steerco.jobs.services import run_job

from ..models import Delivery, IssuedReport
from ..signing import load_pkcs12, make_test_pkcs12, verify_pdf
from .helpers import pdf_text


def in_thread(func):
    """Run ``func`` off this thread (pyHanko runs its own event loop)."""
    result = []
    worker = threading.Thread(target=lambda: result.append(func()))
    worker.start()
    worker.join()
    return result[0]


def run_worker(page) -> None:
    """The queued jobs, run as the worker runs them, in a thread of its own:
    Playwright's event loop runs in this one, and pyHanko starts its own.
    The job page that polls is left meanwhile and opened again after: the
    test database (SQLite in memory, shared cache) locks whole tables, and
    would refuse the worker's writes while the page reads."""
    job_url = page.url
    page.goto("about:blank")

    def work():
        try:
            for pk in Job.objects.filter(status=JobStatus.QUEUED).values_list("pk", flat=True):
                run_job.func(pk)
        finally:
            connections.close_all()

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    page.goto(job_url)


SIGNER = "Nguyễn Văn Demo (chứng thư thử nghiệm)"
PASSWORD = "journey"
ANSWER = (
    "Việc khắc phục còn chậm vì các kế hoạch khắc phục được thông qua muộn; "
    "Ban Chỉ đạo chỉ đạo hoàn thành trong quý III."
)


@pytest.fixture
def demo(live_server, settings, tmp_path):
    p12, pem = make_test_pkcs12(SIGNER, PASSWORD)
    (tmp_path / "signer.p12").write_bytes(p12)
    (tmp_path / "signer.pem").write_bytes(pem)
    settings.SIGNING = {
        "PKCS12": str(tmp_path / "signer.p12"),
        "PKCS12_PASSWORD": PASSWORD,
        "TRUST": [str(tmp_path / "signer.pem")],
    }
    settings.JOBS_RETRY_DELAY = 0
    settings.MEDIA_ROOT = str(tmp_path / "media")
    load_demo(progress=lambda _msg: None)
    return live_server.url, load_pkcs12(p12, PASSWORD).signing_cert


def test_from_close_to_a_signed_delivered_report(demo, browser):  # noqa: F811
    base, cert = demo
    steps = {}
    started = time.perf_counter()
    page = log_in(browser, base, "demo", viewport={"width": 1280, "height": 900})

    # 1. Close: the round's completeness, a reason for the units still missing.
    round_ = ReportingRound.objects.get(programme__code="01-CTr/TU", period="2023-H1")
    page.goto(f"{base}/collection/rounds/{round_.pk}/")
    assert "còn nợ báo cáo" in page.locator("#round-state").inner_text()
    page.locator("#round-state textarea[name=reason]").fill(
        "Đủ số liệu để tổng hợp; các cơ quan còn thiếu báo cáo bổ sung sau."
    )
    shot(page, "journey-1-close")
    page.get_by_role("button", name="Đóng kỳ báo cáo").click()
    assert page.locator("#round-state").get_attribute("data-state") == "closed"
    round_.refresh_from_db()
    assert round_.state == RoundState.CLOSED
    steps["close"] = time.perf_counter() - started

    # 2. Draft and review: one step; a standing member comments from the inbox.
    page.goto(f"{base}/reports/")
    page.locator("select[name=unit]").select_option("TU-HN")
    page.locator("select[name=period]").select_option("2023-H1")
    page.locator("input[name=date]").fill("10/07/2023")
    page.get_by_role("button", name="Tạo dự thảo để góp ý").click()
    page.wait_for_url("**/jobs/*/")
    run_worker(page)
    reviewer = log_in(browser, base, "bcd.member", viewport={"width": 1280, "height": 900})
    reviewer.goto(f"{base}/inbox/")
    reviewer.get_by_role("link", name="Dự thảo báo cáo cần góp ý").first.click()
    reviewer.wait_for_url("**/reports/drafts/*/")
    reviewer.locator("select[name=target]").select_option("section:II")
    reviewer.locator("textarea[name=text]").fill("Đề nghị nêu rõ nguyên nhân chậm khắc phục.")
    reviewer.get_by_role("button", name="Gửi góp ý").click()
    assert "Đề nghị nêu rõ nguyên nhân chậm khắc phục." in reviewer.locator("#section-II").inner_text()
    shot(reviewer, "journey-2-review")
    steps["draft reviewed"] = time.perf_counter() - started

    # 2b. The secretariat answers in the free text of II (the figures stay
    # computed): the draft's next version, which the issue prints.
    page.goto(reviewer.url)
    page.locator("textarea[name=limitations]").fill(ANSWER)
    page.get_by_role("button", name="Lưu nội dung thành phiên bản mới").click()
    assert ANSWER in page.locator("#section-II").inner_text()
    assert ANSWER in page.locator("#text-changes").inner_text()  # the diff against version 1
    shot(page, "journey-2b-free-text")
    steps["free text of II edited (version 2)"] = time.perf_counter() - started

    # 3. Issue: number, report date, build, sign and send in one job.
    page.goto(f"{base}/reports/")
    page.locator("select[name=unit]").select_option("TU-HN")
    page.locator("select[name=period]").select_option("2023-H1")
    page.get_by_role("button", name="Ban hành").click()
    # a confirmation first: the number, and the date of the draft reviewed
    assert page.locator("#issue-date").inner_text() == "10/7/2023"
    page.get_by_role("button", name="Ban hành 1-BC/BCĐ").click()
    page.wait_for_url("**/jobs/*/")
    before_job = time.perf_counter()
    run_worker(page)
    steps["issue job (build, render, sign, send)"] = time.perf_counter() - before_job
    assert "Đã ban hành báo cáo số 1-BC/BCĐ." in page.locator("#job-status").inner_text()
    shot(page, "journey-3-issued-job")

    # 4. The issued report's page: verify the signature.
    page.goto(f"{base}/reports/")
    page.get_by_role("link", name="1-BC/BCĐ").first.click()
    page.get_by_role("button", name="Kiểm tra chữ ký").click()
    verification = page.locator("#verification")
    assert verification.get_attribute("data-ok") == "yes"
    assert SIGNER in verification.inner_text()
    shot(page, "journey-4-verified", full_page=True)
    steps["signed and verified"] = time.perf_counter() - started

    # The stored PDF: pyHanko's validator accepts it; one changed byte breaks it.
    report = IssuedReport.objects.get()
    pdf = bytes(report.files.get(format="pdf").content)
    (ARTIFACTS / "journey-report.pdf").write_bytes(pdf)
    assert ANSWER in pdf_text(pdf)  # the secretariat's text is in the signed report
    [embedded] = PdfFileReader(io.BytesIO(pdf)).embedded_signatures
    context = ValidationContext(trust_roots=[cert], allow_fetching=False)
    status = in_thread(lambda: validate_pdf_signature(embedded, context))
    assert status.bottom_line and status.intact and status.valid
    tampered = bytearray(pdf)
    tampered[tampered.index(b"/Length") + 1] = ord("M")
    assert not in_thread(lambda: verify_pdf(bytes(tampered), roots=[cert])).ok

    # 5. A recipient finds it in the inbox, opens it: the receipt is recorded.
    recipient = log_in(browser, base, "badinh.approver", viewport={"width": 1280, "height": 900})
    recipient.goto(f"{base}/inbox/")
    recipient.get_by_role("link", name="Báo cáo số 1-BC/BCĐ đã ban hành").first.click()
    recipient.wait_for_url(f"**/reports/issued/{report.pk}/")
    shot(recipient, "journey-5-recipient")
    assert Delivery.objects.get(user__username="badinh.approver").opened_at is not None
    steps["delivered and opened"] = time.perf_counter() - started

    # 6. The timeline of the period, on the programme's page: four actions of
    # the secretariat (close, draft, edit, issue).
    page.goto(f"{base}/?programme=01-CTr%2FTU&unit=TU-HN&period=2023-H1")
    row = page.locator("#reports-timeline tr[data-period='2023-H1']")
    assert row.get_attribute("data-within-goal") == "yes"
    assert row.locator("td").last.inner_text() == "4"
    row.scroll_into_view_if_needed()
    shot(page, "journey-6-timeline")
    total = time.perf_counter() - started
    lines = [f"{name}: {seconds:.1f} s" for name, seconds in steps.items()] + [f"total: {total:.1f} s"]
    (ARTIFACTS / "journey.txt").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    assert total < 3600
