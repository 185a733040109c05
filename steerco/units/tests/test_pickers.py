"""Periods chosen by name, units from the user's scope (issue 17: pickers,
not codes)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.test import SimpleTestCase
from django.urls import reverse
from django.utils import translation

from steerco.lib.periods import Period
from steerco.proposals.models import Item
from steerco.testing import PersonaTestCase
from steerco.units.forms import PeriodField, UnitPicker
from steerco.units.models import Unit


class PeriodFieldTests(SimpleTestCase):
    def test_the_vietnamese_name_typed_in_is_read(self):
        # It used to be refused with "tối đa 9 ký tự".
        assert PeriodField().clean("6 tháng đầu năm 2023") == Period.parse("2023-H1")
        assert PeriodField().clean("Quý III/2024") == Period.parse("2024-Q3")
        assert PeriodField().clean("2024") == Period.parse("2024")

    def test_a_wrong_period_gets_a_vietnamese_message(self):
        with translation.override("vi"), self.assertRaisesMessage(ValidationError, "không phải là một kỳ"):
            PeriodField().clean("6 tháng giữa năm 2023")

    def test_the_select_shows_names_over_codes_and_keeps_a_value_outside_the_years(self):
        with translation.override("vi"):
            html = PeriodField().widget.render("period", "2010-H1")
        assert '<option value="2010-H1" selected>6 tháng đầu năm 2010</option>' in html
        assert '<optgroup label="2024">' in html
        assert (
            '<option value="2024-Q3">Quý III/2024</option>' in html and '<option value="2024">Năm 2024</option>' in html
        )
        with translation.override("en"):
            html = PeriodField().widget.render("period", Period.parse("2023-H2"))
        assert '<option value="2023-H2" selected>Second half of 2023</option>' in html


class UnitPickerTests(PersonaTestCase):
    def test_only_the_units_given_are_offered_by_name_as_a_tree(self):
        field = UnitPicker()
        field.set_units(Unit.objects.filter(path__startswith=self.district_a.path))
        with translation.override("vi"):
            html = field.widget.render("unit", "DIST-A-CS01")
        assert 'value="DIST-A"' in html and 'value="DIST-B"' not in html
        assert f'<option value="DIST-A-CS01" selected>\u00a0\u00a0\u00a0{self.org_a1.name()}</option>' in html
        assert field.clean("dist-a") == self.district_a
        with (
            translation.override("vi"),
            self.assertRaisesMessage(ValidationError, "không phải là đơn vị trong phạm vi"),
        ):
            field.clean("DIST-B")


class PickerPageTests(PersonaTestCase):
    def test_the_proposals_filter_offers_the_reporters_units_and_reads_a_period_name(self):
        Item.objects.create(
            kind="difficulty", raised_by=self.org_a1, addressed_to=self.district_a, programme=self.programme,
            period="2023-H1", subject="Khó khăn A", text="…", raised_on=date(2023, 3, 1),
        )  # fmt: skip
        self.client.force_login(self.reporter)
        page = self.client.get(reverse("proposals:list"), {"period": "6 tháng đầu năm 2023"}).content.decode()
        assert "Khó khăn A" in page
        assert 'value="DIST-A-CS01"' in page and 'value="DIST-B"' not in page
        assert '<option value="2023-H1" selected>6 tháng đầu năm 2023</option>' in page
        page = self.client.get(reverse("proposals:list"), {"period": "6 tháng cuối năm 2023"}).content.decode()
        assert "Khó khăn A" not in page

    def test_every_form_that_took_a_typed_code_now_offers_a_choice(self):
        self.client.force_login(self.secretariat)
        for name in ("findings:list", "findings:summary", "findings:suggestions", "findings:weak",
                     "findings:par-indexes", "drafts:check", "reports:generate", "inspection:statistics",
                     "collection:open-round"):  # fmt: skip
            page = self.client.get(reverse(name)).content.decode()
            assert '<input type="text" name="unit"' not in page and '<input type="text" name="period"' not in page, name
            assert '<input name="unit"' not in page and '<input name="period"' not in page, name


class DateFormatTests(SimpleTestCase):
    def test_short_dates_have_one_format_in_both_languages(self):
        from datetime import datetime

        from django.utils.formats import date_format

        for lang in ("vi", "en"):
            with translation.override(lang):
                assert date_format(date(2023, 7, 15), "SHORT_DATE_FORMAT") == "15/7/2023"
                assert date_format(datetime(2023, 7, 5, 8, 30), "SHORT_DATETIME_FORMAT") == "05/7/2023 08:30"

    def test_templates_write_dates_by_the_party_rule_in_both_languages(self):
        from datetime import datetime
        from zoneinfo import ZoneInfo

        from django.template import Context, Template

        template = Template("{{ d|day }} {{ m|moment }} {{ m|moment:'seconds' }} [{{ none|day|default:'–' }}]")
        # 01:30 UTC is 08:30 in Hà Nội
        moment = datetime(2025, 2, 3, 1, 30, 15, tzinfo=ZoneInfo("UTC"))
        for lang in ("vi", "en"):
            with translation.override(lang):
                text = template.render(Context({"d": date(2022, 7, 6), "m": moment, "none": None}))
                assert text == "06/7/2022 03/02/2025 08:30 03/02/2025 08:30:15 [–]"

    def test_a_typed_date_is_read_day_first_with_or_without_leading_zeros(self):
        from django import forms

        field = forms.DateField()
        for lang in ("vi", "en"):
            with translation.override(lang):
                assert field.clean("15/07/2023") == date(2023, 7, 15)
                assert field.clean("15/7/2023") == date(2023, 7, 15)
                assert field.clean("05/07/2023") == date(2023, 7, 5)  # never 7 May
                assert field.clean("2023-07-15") == date(2023, 7, 15)

    def test_a_date_box_shows_its_value_as_pages_write_it(self):
        from steerco.dates import DayInput

        assert 'value="06/7/2022"' in DayInput().render("on", date(2022, 7, 6))
