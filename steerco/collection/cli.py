"""The command-line side of the Excel round-trip, used by ``steerco import``
and ``steerco export --template``. Messages are Vietnamese, as in the UI."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils import translation

from steerco.indicators.models import Source
from steerco.programmes.models import Programme
from steerco.units.models import Unit

from .models import ReportingRound
from .scope import Operator

# The workbook module (and openpyxl with it) is imported when a file is read
# or written, not when the commands load (issue 21; ops/tests/test_lean_startup).


def is_workbook(path: Path) -> bool:
    from .workbook import XLSX_MAGIC

    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return True
    with path.open("rb") as f:
        return f.read(4) == XLSX_MAGIC


def acting_user(username: str | None):
    if not username:
        return Operator()
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"no user {username!r}")
    return user


def import_file(path: Path, *, username: str | None, write) -> None:
    from .workbook import WorkbookError, import_workbook

    user = acting_user(username)

    def progress(done: int, total: int) -> None:
        if total >= 20 and (done % max(1, total // 10) == 0 or done == total):
            write(f"… {done}/{total} đơn vị")

    with translation.override("vi"):
        try:
            result = import_workbook(
                path.read_bytes(), filename=path.name, source=Source.IMPORT, progress=progress, acting_user=user
            )
        except WorkbookError as err:
            raise CommandError(f"{path}: không nhập gì (nothing imported).\n" + "\n".join(err.problems)) from None
    write(
        f"Đã nhập {result.rows} dòng của {result.units} đơn vị: {result.created} mới, "
        f"{result.updated} sửa, {result.unchanged} không đổi."
    )
    for warning in result.warnings:
        write(f"Cảnh báo (warning): {warning}")


def export_template(*, unit_code, period, output: Path, programme_code=None, subtree=False, username=None) -> str:
    from .workbook import build_template

    user = acting_user(username)
    unit = Unit.objects.filter(code=unit_code).first()
    if unit is None:
        raise CommandError(f"no unit {unit_code!r}")
    if programme_code:
        programme = Programme.objects.filter(code=programme_code).first()
    else:
        codes = list(ReportingRound.objects.filter(period=period).values_list("programme__code", flat=True))
        codes = codes or list(Programme.objects.values_list("code", flat=True))
        if len(codes) != 1:
            raise CommandError(f"say which programme with --programme (one of: {', '.join(codes) or 'none'})")
        programme = Programme.objects.get(code=codes[0])
    if programme is None:
        raise CommandError(f"no programme {programme_code!r}")
    output.write_bytes(build_template(user, programme, unit, period, subtree=subtree))
    return f"Wrote {output}"
