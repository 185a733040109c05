"""The charts' value labels never cover one another (issue 17: two labels
of a trend chart overlapped). Measured on the figure as it is saved: every
pair of label boxes, in display coordinates, is disjoint."""

from decimal import Decimal
from itertools import combinations

from django.test import SimpleTestCase

from steerco.dashboard import charts
from steerco.lib.numbers import fmt_number


def _overlapping(fig) -> list[tuple[str, str]]:
    boxes = charts.label_boxes(fig)
    texts = [t.get_text() for ax in fig.axes for t in ax.texts if t.get_visible()]
    return [(texts[a], texts[b]) for a, b in combinations(range(len(boxes)), 2) if boxes[a].overlaps(boxes[b])]


def _number(v) -> str:
    return fmt_number(v, 0, "vi")


class TrendLabelTests(SimpleTestCase):
    def test_the_target_label_moves_off_a_value_label_on_its_line(self):
        # The demo's city trend of members admitted, 2023-H1 (no value for
        # the first two years): the long target label, drawn from the left
        # end of its line, covered the label of 2022-H1, which sits just
        # under the expected level.
        fig = charts.trend_figure(
            "Số đảng viên mới được kết nạp · Thành ủy Hà Nội",
            ["2020-H1", "2021-H1", "2022-H1", "2023-H1"],
            [None, None, Decimal("4870.0000"), Decimal("5155.0000")],
            _number,
            target=Decimal("4905.00000"),
            target_label="theo tiến độ đến cuối kỳ 2023-H1: 4.905",
        )
        assert _overlapping(fig) == []
        texts = [t.get_text() for t in fig.axes[0].texts]
        assert "theo tiến độ đến cuối kỳ 2023-H1: 4.905" in texts  # moved, not dropped
        assert {"4.870", "5.155"} <= set(texts)

    def test_a_value_on_the_target_line_keeps_both_labels_apart(self):
        fig = charts.trend_figure(
            "Kết nạp đảng viên · Thành phố",
            ["2019-H1", "2020-H1", "2021-H1", "2022-H1", "2023-H1"],
            [Decimal(2400), Decimal(2950), Decimal(3100), Decimal(3300), Decimal(3650)],
            _number,
            target=Decimal(2400),
            target_label="dự kiến đến hết 2023-H1: 2.400",
        )
        assert _overlapping(fig) == []
        assert "dự kiến đến hết 2023-H1: 2.400" in [t.get_text() for t in fig.axes[0].texts]

    def test_close_values_side_by_side_do_not_cover_each_other(self):
        fig = charts.trend_figure(
            "Số đảng viên",
            [f"{y}-H1" for y in range(2014, 2024)],
            [Decimal(1_234_567 + i) for i in range(10)],
            _number,
        )
        assert _overlapping(fig) == []


class BurndownLabelTests(SimpleTestCase):
    def test_series_ending_on_close_values_keep_their_labels_apart(self):
        names = {k: k for k in ("identified", "remediated", "verified", "overdue", "open")}
        series = {
            "identified": [10, 20, 31, 33],
            "remediated": [2, 8, 15, 31],
            "verified": [0, 4, 9, 12],
            "overdue": [1, 3, 5, 30],
        }
        fig = charts.burndown_figure(
            "Khắc phục hạn chế", ["01/2023", "02/2023", "3/2023", "4/2023"], series, names, _number
        )
        assert _overlapping(fig) == []
        assert {"33", "31", "30"} <= {t.get_text() for t in fig.axes[0].texts}
