"""Helpers for tests that run steerco in a child process."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet

PROJECT_DIR = Path(__file__).resolve().parents[3]


def child_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """A clean environment for a child steerco: our variables removed, a
    private data folder, then the test's own."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STEERCO_", "DATABASE_URL", "DJANGO_"))}
    env.update({"STEERCO_DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1"})
    env.update(extra)
    return env


def prod_env(data_dir: Path, **extra: str) -> dict[str, str]:
    settings = {
        "STEERCO_ENV": "prod",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "STEERCO_FIELD_KEYS": Fernet.generate_key().decode(),
    }
    return child_env(data_dir, **{**settings, **extra})


def manage(args: list[str], env: dict[str, str], timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [sys.executable, str(PROJECT_DIR / "manage.py"), *args],
        env=env,
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
