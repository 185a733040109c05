"""The ``steerco`` console script: Django's management commands under one
name, so ``steerco demo``, ``steerco import PACK`` and ``steerco migrate``
work from any directory once the package is installed."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steerco.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["steerco", *sys.argv[1:]])


if __name__ == "__main__":
    main()
