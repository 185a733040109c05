"""Load scenario: dashboard reads, entry and uploads at once (docs/performance.md, "Load").

bench/load.sh runs it on loopback against `steerco serve` and a worker, with
the plan made by bench/sessions.py (STEERCO_BENCH_PLAN):

- ``Writer`` (WRITERS users, 20 by default): each owns one (unit, indicator)
  of the Ba Đình subtree and keeps posting a new value through the values
  API as the Ba Đình reporter, carrying the version it last read (the 20
  concurrent writers to one subtree);
- ``Uploader`` (UPLOADERS users, 5 by default): each, as a reporter of its
  own district, downloads its district's Excel template, fills in new
  values, uploads it through the upload page (CSRF token and all) and
  follows the background import job's status fragment until it is done;
- ``Reader`` (everyone else): the home scorecard (default and per district
  and period), the drill-down, the job list and the units API.

Every acknowledged write and import is written to STEERCO_BENCH_EXPECT when
the run stops; bench/verify_load.py then checks that each one is in the
database (nothing lost).
"""

import io
import json
import os
import random
import re
import threading
import time

from locust import HttpUser, between, events, task
from openpyxl import load_workbook

PLAN = json.load(open(os.environ["STEERCO_BENCH_PLAN"]))  # noqa: SIM115
DISTRICTS = ["QU-BADINH", "QU-HOANKIEM", "QU-CAUGIAY", "HU-UNGHOA", "TU-HN"]
PERIODS = ["2023-H1", "2022-H1"]
HEADERS = {"unit": "Mã đơn vị", "indicator": "Mã chỉ tiêu", "value": "Giá trị"}  # collection/workbook.py
JOB_TIMEOUT = 90  # seconds an import may take under load before it counts as failed

_lock = threading.Lock()
_readers = iter(PLAN["readers"])
_writers = iter(PLAN["writers"])
_uploaders = iter(PLAN["uploaders"])
# What the server acknowledged, for bench/verify_load.py.
EXPECT = {"writes": {}, "imports": {}, "jobs": []}


def _take(iterator):
    with _lock:
        return next(iterator)


class Writer(HttpUser):
    fixed_count = int(os.environ.get("WRITERS", "20"))
    wait_time = between(1, 3)  # a reporter typing figures in quick succession

    def on_start(self):
        slot = _take(_writers)
        self.unit, self.indicator = slot["unit"], slot["indicator"]
        self.client.headers["Authorization"] = f"Token {slot['token']}"
        self.version = 0
        self.value = 0

    @task
    def enter_a_value(self):
        value = self.value + random.randint(1, 9)  # noqa: S311
        body = {
            "programme": PLAN["programme"],
            "unit": self.unit,
            "period": PLAN["period"],
            "indicator": self.indicator,
            "value": str(value),
            "version": self.version,
        }
        with _lock:  # a write still in flight when the run stops may or may not be saved
            record = EXPECT["writes"].setdefault(f"{self.unit}|{self.indicator}", {"writes": 0})
            record["pending"] = value
        with self.client.post("/api/values/", json=body, name="entry (values API)", catch_response=True) as response:
            if response.status_code not in (200, 201):
                response.failure(f"{response.status_code}: {response.text[:200]}")
                with _lock:
                    record.pop("pending", None)
                return
            saved = response.json()
            self.value, self.version = value, saved["version"]
            with _lock:
                record.pop("pending", None)
                record.update(value=value, version=self.version, writes=record["writes"] + 1)


class Uploader(HttpUser):
    fixed_count = int(os.environ.get("UPLOADERS", "5"))
    wait_time = between(5, 15)  # filling in a sheet takes a while

    def on_start(self):
        slot = _take(_uploaders)
        self.unit = slot["unit"]
        self.client.cookies.set("sessionid", slot["session"])
        self.round = PLAN["round"]
        self.value = 0

    @task
    def upload_a_workbook(self):
        page = self.client.get(f"/collection/rounds/{self.round}/upload/", name="upload page")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        if token is None:
            return
        # The CSRF cookie is Secure in production; this client talks plain
        # HTTP on loopback, so it hands the cookie back itself.
        self.client.cookies.set("csrftoken", page.cookies.get("csrftoken") or self.client.cookies.get("csrftoken"))
        template = self.client.get(
            f"/collection/rounds/{self.round}/units/{self.unit}/template.xlsx", name="template download"
        )
        if template.status_code != 200:
            return
        value = self.value + random.randint(1, 9)  # noqa: S311
        data, filled = self.fill(template.content, value)
        with self.client.post(
            f"/collection/rounds/{self.round}/upload/",
            data={"csrfmiddlewaretoken": token.group(1)},
            files={"file": (f"{self.unit}.xlsx", data)},
            headers={"Referer": page.url},
            allow_redirects=False,
            name="upload (start import)",
            catch_response=True,
        ) as response:
            job = re.search(r"/jobs/(\d+)/", response.headers.get("Location", ""))
            if response.status_code != 302 or job is None:
                response.failure(f"{response.status_code}: {response.text[:300]}")
                return
        self.follow(int(job.group(1)), value, filled)

    def fill(self, content: bytes, value: int) -> tuple[bytes, list[str]]:
        book = load_workbook(io.BytesIO(content))
        sheet = book.worksheets[0]
        filled, col = [], None
        for row in sheet.iter_rows():
            titles = [cell.value for cell in row]
            if col is None:  # the header row: the template's column titles
                if "Mã đơn vị" in titles:
                    col = {name: titles.index(title) for name, title in HEADERS.items()}
                continue
            if row[col["unit"]].value == self.unit and row[col["indicator"]].value in PLAN["upload_indicators"]:
                row[col["value"]].value = value
                filled.append(row[col["indicator"]].value)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue(), filled

    def follow(self, job: int, value: int, filled: list[str]) -> None:
        """Poll the job's status fragment (as the page's HTMX does) until done."""
        started = time.monotonic()
        start_time = time.time()
        while True:
            time.sleep(1)
            status = self.client.get(f"/jobs/{job}/", headers={"HX-Request": "true"}, name="job status (HTMX)")
            if 'role="alert"' in status.text:
                self.report_job(start_time, started, RuntimeError(f"job {job} failed: {status.text[:400]}"))
                return
            if status.status_code == 200 and "hx-get" not in status.text:
                break
            if time.monotonic() - started > JOB_TIMEOUT:
                self.report_job(start_time, started, TimeoutError(f"job {job} still running after {JOB_TIMEOUT} s"))
                return
        self.report_job(start_time, started, None)
        self.value = value
        with _lock:
            EXPECT["jobs"].append(job)
            for indicator in filled:
                EXPECT["imports"][f"{self.unit}|{indicator}"] = value

    def report_job(self, start_time, started, exception):
        events.request.fire(
            request_type="JOB",
            name="import job (upload to done)",
            response_time=(time.monotonic() - started) * 1000,
            response_length=0,
            exception=exception,
            context={},
            start_time=start_time,
            url=None,
            response=None,
        )


class Reader(HttpUser):
    wait_time = between(3, 10)  # a person reading a page, then the next

    def on_start(self):
        self.client.cookies.set("sessionid", _take(_readers))

    @task(6)
    def scorecard(self):
        self.client.get("/", name="scorecard (default)")

    @task(4)
    def scorecard_for_a_unit(self):
        params = {"unit": random.choice(DISTRICTS), "period": random.choice(PERIODS)}  # noqa: S311
        self.client.get("/", params=params, name="scorecard (unit, period)")

    @task(2)
    def drill_down(self):
        # From the persona's own top unit: another district's is (rightly) a 404.
        params = {"indicator": random.choice(["DV_KN", "CCHC_PC_TL"]), "period": random.choice(PERIODS)}  # noqa: S311
        self.client.get("/dashboard/drill/", params=params, name="drill-down")

    @task(1)
    def jobs(self):
        self.client.get("/jobs/", name="jobs")

    @task(1)
    def units_api(self):
        self.client.get("/api/units/", name="api units")


@events.quitting.add_listener
def _write_expectations(environment, **kwargs):
    path = os.environ.get("STEERCO_BENCH_EXPECT")
    if path:
        with _lock, open(path, "w") as out:
            json.dump(EXPECT, out, indent=1)
