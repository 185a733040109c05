"""Create logged-in sessions for the load test, so that the timed window
measures reading pages, not password hashing (a login costs one PBKDF2
hash, about 0.5 s of CPU by design; measured separately in
docs/performance.md). Prints the session keys, one per line."""

import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steerco.settings")

import django

django.setup()

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402

PERSONAS = ["demo", "badinh.reporter", "badinh.approver", "ubkt.inspector", "unghoa.viewer"]

users = {u.username: u for u in get_user_model().objects.filter(username__in=PERSONAS)}
for n in range(int(sys.argv[1])):
    user = users[PERSONAS[n % len(PERSONAS)]]
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    print(session.session_key)
