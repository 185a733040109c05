"""Load scenario: people reading the scorecard and their jobs.

Each simulated user takes a session of one of the demo personas, made
beforehand by bench/sessions.py (password hashing is measured on its own),
then reads:
the home scorecard (default and per district and period), the job list and
the units API. Entry (/collection/rounds/<pk>/units/<code>/) and Excel
uploads are not in the scenario yet. Run by bench/load.sh on loopback only.
"""

import os
import random
import threading

from locust import HttpUser, between, task

DISTRICTS = ["QU-BADINH", "QU-HOANKIEM", "QU-CAUGIAY", "HU-UNGHOA", "TU-HN"]
PERIODS = ["2023-H1", "2022-H1"]
SESSIONS = open(os.environ["STEERCO_BENCH_SESSIONS"]).read().split()  # noqa: SIM115
_next_session = iter(SESSIONS)
_lock = threading.Lock()


class Reader(HttpUser):
    wait_time = between(3, 10)  # a person reading a page, then the next

    def on_start(self):
        with _lock:
            key = next(_next_session)
        self.client.cookies.set("sessionid", key)

    @task(6)
    def scorecard(self):
        self.client.get("/", name="scorecard (default)")

    @task(4)
    def scorecard_for_a_unit(self):
        params = {"unit": random.choice(DISTRICTS), "period": random.choice(PERIODS)}  # noqa: S311
        self.client.get("/", params=params, name="scorecard (unit, period)")

    @task(1)
    def jobs(self):
        self.client.get("/jobs/", name="jobs")

    @task(1)
    def units_api(self):
        self.client.get("/api/units/", name="api units")
