"""steerco validate: compute every indicator of a programme for the period
through the figure service (the owner's, or ``--unit``'s, subtree) and
check the programme's validation rules over every unit's stored values in
it, printing what cannot be computed and what breaks a rule. Broken
warning rules are listed as warnings (with the reason, when acknowledged)
and do not fail the command; an indicator that cannot be computed does."""

from django.core.management.base import BaseCommand, CommandError

from steerco.indicators.figures import figure
from steerco.indicators.models import IndicatorKind, RuleWarning
from steerco.indicators.validation import Validator
from steerco.lib.numbers import fmt_number, fmt_ratio
from steerco.lib.periods import Period, PeriodError
from steerco.programmes.models import Programme
from steerco.units.models import Unit


class Command(BaseCommand):
    help = "Check the programme's validation rules on every unit's values for a period."

    def add_arguments(self, parser):
        parser.add_argument("--programme", required=True, help="programme code, e.g. 01-CTr/TU")
        parser.add_argument("--period", required=True, help="period code, e.g. 2023-H1")
        parser.add_argument("--unit", help="only this unit's subtree (unit code)")
        parser.add_argument("--language", choices=["vi", "en"], default="vi", help="language of the messages")

    def handle(self, *args, programme, period, unit=None, language="vi", **options):
        try:
            period = Period.parse(period).code
        except PeriodError as err:
            raise CommandError(str(err)) from None
        found = Programme.objects.filter(code=programme).first()
        if found is None:
            raise CommandError(f"unknown programme {programme!r}")
        units = Unit.objects.all()
        root = found.owner
        if unit:
            root = Unit.objects.filter(code=unit).first()
            if root is None:
                raise CommandError(f"unknown unit {unit!r}")
            units = units.subtree_of(root)
        failed = self.figures(found, root, Period.parse(period), language)
        validator = Validator(found)
        broken = validator.check_period(period, units)
        errors = [v for v in broken if not v.is_warning]
        warnings = [v for v in broken if v.is_warning]
        acknowledged = {
            (w.rule_id, w.unit_id): w
            for w in RuleWarning.objects.filter(rule__programme=found, period=period).exclude(acknowledged_reason="")
        }
        for violation in errors:
            self.stdout.write(violation.message(language))
        label = "Warning" if language == "en" else "Cảnh báo"
        for violation in warnings:
            line = f"{label}: {violation.message(language)}"
            seen = acknowledged.get((violation.rule.pk, violation.unit.pk))
            if seen is not None and seen.values == violation.shown_values():
                said = "acknowledged" if language == "en" else "đã xác nhận"
                line += f" ({said}: {seen.acknowledged_reason})"
            self.stdout.write(line)
        if language == "en":
            summary = (
                f"{len(errors)} rule violation(s), {len(warnings)} warning(s); "
                f"{len(validator.rules)} rule(s) checked for {period}."
            )
        else:
            summary = (
                f"{len(errors)} vi phạm quy tắc, {len(warnings)} cảnh báo; "
                f"đã kiểm tra {len(validator.rules)} quy tắc cho kỳ {period}."
            )
        self.stdout.write(summary)
        if errors:
            raise CommandError(summary if language == "en" else f"{len(errors)} rule violation(s) in {period}")
        if failed:
            raise CommandError(f"{failed} indicator(s) could not be computed for {period}")

    def figures(self, programme, root, period: Period, language: str) -> int:
        """Each indicator's figure for ``root``'s subtree, one line each,
        from the figure service; returns how many could not be computed."""
        en = language == "en"
        indicators = list(
            programme.indicators.select_related("numerator", "denominator").order_by("sort_order", "code")
        )
        head = "Figures of %s, %s (figure service):" if en else "Số liệu của %s, %s (dịch vụ số liệu):"
        self.stdout.write(head % (root.name(language), period.code))
        failed = computed = 0
        for ind in indicators:
            try:
                row = figure(programme, ind, root, period)
            except Exception as err:
                failed += 1
                said = "cannot be computed" if en else "không tính được"
                self.stdout.write(f"  {ind.code} {ind.name(language)}: {said}: {err}")
                continue
            computed += 1
            self.stdout.write(f"  {ind.code} {ind.name(language)}: {self._shown(row, language)}")
        tail = "%d indicator(s) computed, %d error(s)." if en else "%d chỉ tiêu tính được, %d lỗi."
        self.stdout.write(tail % (computed, failed))
        return failed

    @staticmethod
    def _shown(row, language: str) -> str:
        if not row.figure.has_data:
            return "no data" if language == "en" else "chưa có số liệu"
        if row.indicator.kind in (IndicatorKind.RATIO, IndicatorKind.YESNO) and row.N:
            text = fmt_ratio(row.n, row.N, row.indicator.decimals, language)
        else:
            text = fmt_number(row.value, row.indicator.decimals, language)
        if row.coverage.partial:
            text += " (partial: missing " if language == "en" else " (thiếu "
            text += ", ".join(row.coverage.missing) + ")"
        return text
