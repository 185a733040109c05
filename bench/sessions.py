"""Set up the load test's people on a fresh demo database, so that the timed
window measures pages and writes, not password hashing (a login costs one
PBKDF2 hash, about 0.5 s of CPU by design; measured separately in
docs/performance.md). Writes a JSON plan to stdout:

- ``readers``: one logged-in session key per simulated reader, cycling over
  the five demo personas;
- ``writers``: one (unit, indicator) of the Ba Đình subtree per entry writer,
  all with the API token of the demo's Ba Đình reporter (the 20 concurrent
  writers to one subtree);
- ``uploaders``: per uploader, a reporter of another district created here
  (``load.<district>``), its session and its district: each downloads its
  district's template, fills it in and uploads it as a background import.

Usage: bench/sessions.py READERS WRITERS UPLOADERS
"""

import json
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steerco.settings")

import django

django.setup()

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

from steerco.accounts.models import Membership, Role  # noqa: E402
from steerco.collection.models import ReportingRound  # noqa: E402
from steerco.units.models import Unit  # noqa: E402

PERSONAS = ["demo", "badinh.reporter", "badinh.approver", "ubkt.inspector", "unghoa.viewer"]
PROGRAMME = "01-CTr/TU"
PERIOD = "2023-H2"  # the demo's open round with nothing entered yet
SUBTREE = "QU-BADINH"
# Entered (not computed) counts that no rule bounds from above: any growing value is valid.
WRITE_INDICATORS = ["DV_KN", "TT_KD_VT", "CCHC_TTHC", "TT_CQ_VT"]
UPLOAD_DISTRICTS = ["QU-HOANKIEM", "QU-CAUGIAY", "QU-DONGDA", "QU-HAIBATRUNG", "QU-TAYHO", "QU-LONGBIEN"]


def session_for(user) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def main(readers: int, writers: int, uploaders: int) -> dict:
    User = get_user_model()
    users = {u.username: u for u in User.objects.filter(username__in=PERSONAS)}
    round_ = ReportingRound.objects.get(programme__code=PROGRAMME, period=PERIOD)

    subtree = Unit.objects.get(code=SUBTREE)
    units = list(Unit.objects.filter(path__startswith=subtree.path).order_by("path").values_list("code", flat=True))
    pairs = [(u, i) for i in WRITE_INDICATORS for u in units]
    if writers > len(pairs):
        sys.exit(f"at most {len(pairs)} writers in {SUBTREE}")
    token, _ = Token.objects.get_or_create(user=users["badinh.reporter"])

    districts = [c for c in UPLOAD_DISTRICTS if Unit.objects.filter(code=c).exists()]
    if uploaders > len(districts):
        sys.exit(f"at most {len(districts)} uploaders")
    upload_plan = []
    for code in districts[:uploaders]:
        user, _ = User.objects.get_or_create(username=f"load.{code.lower()}")
        Membership.objects.get_or_create(user=user, unit=Unit.objects.get(code=code), role=Role.REPORTER)
        upload_plan.append({"session": session_for(user), "unit": code})

    return {
        "programme": PROGRAMME,
        "period": PERIOD,
        "round": round_.pk,
        "readers": [session_for(users[PERSONAS[n % len(PERSONAS)]]) for n in range(readers)],
        "writers": [{"token": token.key, "unit": u, "indicator": i} for u, i in pairs[:writers]],
        "uploaders": upload_plan,
        "upload_indicators": WRITE_INDICATORS,
    }


if __name__ == "__main__":
    readers, writers, uploaders = (int(a) for a in sys.argv[1:4])
    json.dump(main(readers, writers, uploaders), sys.stdout, indent=1)
