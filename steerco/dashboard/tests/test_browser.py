"""The dashboard in a real browser: Debian's Chromium, driven by
Playwright, against a live server holding the Hanoi demo. Screenshots go
to test-artifacts/ (git-ignored) for a person to look at.

`make test` installs Chromium when it is missing (it cannot be
downloaded by Playwright here)."""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings

from steerco.demo.loader import DEMO_PASSWORD, load_demo

CHROMIUM = Path(os.environ.get("STEERCO_CHROMIUM", "/usr/bin/chromium"))
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(settings.PROJECT_DIR) / "test-artifacts"
H1 = "programme=01-CTr%2FTU&period=2023-H1"

# Playwright's sync API runs an event loop in this thread; the database is
# only touched before it starts and after it stops.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def demo(live_server):
    load_demo(progress=lambda _msg: None)
    return live_server.url


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    assert CHROMIUM.exists(), f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium"
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


def log_in(browser, base, username, **context):
    # A Vietnamese browser; an English one would get English at first visit.
    page = browser.new_page(locale="vi-VN", **context)
    page.goto(f"{base}/accounts/login/")
    page.get_by_label(re.compile("Tên đăng nhập|Username")).fill(username)
    page.get_by_label(re.compile("Mật khẩu|Password")).fill(DEMO_PASSWORD)
    page.locator("form button[type=submit], form input[type=submit]").last.click()
    page.wait_for_url(f"{base}/")
    return page


def shot(page, name, full_page=False):
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)


def test_secretariat_reads_the_exceptions_drills_down_to_the_values_and_switches_to_english(demo, browser):
    page = log_in(browser, demo, "demo", viewport={"width": 1280, "height": 900})
    body = page.locator("main")
    for text in ("01-CTr/TU", "5.155", "9.810", "531", "617", "86,06"):
        assert text in body.inner_text(), text
    attention = page.locator("section.attention li")
    assert attention.count() >= 3
    assert "Quận ủy Nam Từ Liêm" in attention.first.inner_text()
    shot(page, "home-vi")
    shot(page, "home-vi-full", full_page=True)

    # Keyboard: the first Tab reaches the skip link, which leads to the content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"

    # The remediation burndown: a picture that loaded, and its figures as a table.
    burndown = page.locator("section[aria-labelledby=burndown-h]")
    assert burndown.locator("img").evaluate("img => img.complete && img.naturalWidth > 0")
    burndown.locator("summary").click()
    assert burndown.locator("table.burndown tbody tr").count() >= 6
    burndown.screenshot(path=str(ARTIFACTS / "burndown.png"))

    # City -> district -> the values behind a grassroots figure.
    page.locator("tr[data-indicator=DV_KN] th a").click()
    page.wait_for_url(re.compile(r"/dashboard/drill/"))
    rows = page.locator("table.drill tbody:not(.total) tr")
    assert "Nam Từ Liêm" in rows.first.inner_text()  # worst first
    shot(page, "drill-city")
    page.locator("tr[data-unit=QU-BADINH] th a").click()
    page.wait_for_url(re.compile(r"unit=QU-BADINH"))
    assert "Quận ủy Ba Đình" in page.locator("nav.crumbs").inner_text()
    shot(page, "drill-district")
    page.locator("table.drill tbody:not(.total) tr td.num a").first.click()
    page.wait_for_url(re.compile(r"/dashboard/values/"))
    assert "steerco/demo/records.py" in page.locator("table.values").inner_text()
    shot(page, "values")

    page.goto(f"{demo}/dashboard/heat/?{H1}&unit=TU-HN")
    assert page.locator("table.heat tbody tr").count() >= 30
    shot(page, "heat")

    page.goto(f"{demo}/?{H1}")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert "Needs attention" in page.locator("main").inner_text()
    assert "5,155" in page.locator("main").inner_text()
    shot(page, "home-en")
    page.get_by_role("button", name="Tiếng Việt").click()
    page.wait_for_load_state()
    assert "Cần chú ý" in page.locator("main").inner_text()


PERSONAS = [
    # username, a unit they see, a figure outside their scope they must not see
    ("demo", "Thành ủy Hà Nội", None),
    ("badinh.reporter", "Quận ủy Ba Đình", "5.155"),
    ("badinh.approver", "Quận ủy Ba Đình", "5.155"),
    ("ubkt.inspector", "Ủy ban Kiểm tra Thành ủy", "5.155"),
    ("unghoa.viewer", "Huyện ủy Ứng Hòa", "5.155"),
]


def test_each_persona_sees_only_their_scope_on_a_phone(demo, browser):
    # One test for the five personas: the demo is loaded once.
    for username, sees, does_not_see in PERSONAS:
        page = log_in(browser, demo, username, viewport={"width": 390, "height": 844})
        text = page.locator("main").inner_text()
        assert sees in text, username
        shot(page, f"phone-{username}")
        # Usable at phone width: nothing but the tables scrolls sideways.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, username
        if does_not_see:
            assert does_not_see not in text, username
            response = page.goto(f"{demo}/dashboard/drill/?{H1}&unit=TU-HN&indicator=DV_KN")
            assert response.status == 404, username
        page.context.close()
