"""The ``steerco`` console script: Django's management commands under one
name, so ``steerco demo``, ``steerco import PACK`` and ``steerco migrate``
work from any directory once the package is installed."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steerco.settings")
    from django.core.management import execute_from_command_line

    args = sys.argv[1:]
    if args and not args[0].startswith("-"):
        args[0] = args[0].replace("-", "_")  # steerco check-draft runs check_draft
    execute_from_command_line(["steerco", *args])


if __name__ == "__main__":
    main()
