"""The demo's 2023-H1 items: counted as computed indicators, in the
six-month report, and in the brief of the meeting of 10/07/2023."""

from datetime import date

from django.test import TestCase

from steerco.demo.loader import PROGRAMME_CODE, load_demo
from steerco.indicators.computed import BATCHES
from steerco.programmes.models import Programme
from steerco.reports.builder import build_document
from steerco.units.models import Unit

from ..computed import KEYS
from ..models import Meeting


class DemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo(progress=lambda _msg: None)
        cls.programme = Programme.objects.get(code=PROGRAMME_CODE)
        cls.city = Unit.objects.get(code="TU-HN")

    def test_the_figures_are_computed_indicators_that_roll_up(self):
        badinh = Unit.objects.get(code="QU-BADINH")
        batch = BATCHES["proposals.raised"]  # registered, as a pack's ``computed:`` finds it
        self.assertTrue(all(BATCHES[k] is batch for k in KEYS))
        sums = batch(KEYS, [self.city, badinh], ["2023-H1"])
        city = [int(sums[k][(self.city.pk, "2023-H1")].total) for k in KEYS]
        self.assertEqual(dict(zip(KEYS, city, strict=True)), {
            "proposals.raised": 5, "proposals.answered_on_time": 2, "proposals.answered_late": 1,
            "proposals.unanswered": 2, "proposals.overdue": 1, "proposals.resolved": 2,
        })  # fmt: skip
        self.assertEqual(int(sums["proposals.raised"][(badinh.pk, "2023-H1")].total), 2)  # its own and its ward's

    def test_the_six_month_report_states_them_and_names_the_oldest_open(self):
        text = build_document(self.programme, "2023-H1", "vi", issued_on=date(2023, 7, 5)).text()
        self.assertIn(
            "Trong 6 tháng đầu năm 2023 có 5 khó khăn, kiến nghị được nêu: 2 được trả lời đúng hạn, 1 trả lời quá hạn, "
            "2 chưa được trả lời (1 đã quá hạn).",
            text,
        )
        self.assertIn("Tổ chức cơ sở đảng số 1 – Ba Đình, 10/4/2023: Thiếu công chức tại bộ phận một cửa", text)

    def test_the_brief_of_10_july_2023(self):
        from ..services.meetings import brief_document

        meeting = Meeting.objects.get(held_on=date(2023, 7, 10))
        text = brief_document(meeting, "vi").text()
        self.assertIn("1. Hướng dẫn củng cố tổ chức cơ sở đảng yếu kém", text)
        self.assertIn("Tổ chức cơ sở đảng số 1 – Ba Đình phản ánh", text)
        self.assertIn(
            "Trả lời Tổ chức cơ sở đảng số 1 – Ba Đình về “Thiếu công chức tại bộ phận một cửa” quá hạn", text
        )
        self.assertEqual(meeting.conclusions.count(), 3)
