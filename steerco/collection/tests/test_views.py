from decimal import Decimal

from django.urls import reverse

from steerco.indicators.models import DataValue, ValueStatus

from ..models import ReportingRound, Submission
from ..services import record
from ..workflow import Action
from .base import PERIOD, RoundTestCase


class PermissionMatrixTests(RoundTestCase):
    """Every page: anonymous, no role, permitted, permitted on another subtree."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.value = cls.enter(cls.admitted, cls.org_a1, PERIOD, 3, status=ValueStatus.DRAFT)
        cls.submission = Submission.objects.get(round=cls.round, unit=cls.org_a1)

    def urls(self):
        r = self.round.pk
        return {
            "rounds": reverse("collection:rounds"),
            "open": reverse("collection:open-round"),
            "completeness": reverse("collection:completeness", args=[r]),
            "entry": reverse("collection:entry", args=[r, "DIST-A-CS01"]),
            "template": reverse("collection:template", args=[r, "DIST-A-CS01"]),
            "upload": reverse("collection:upload", args=[r]),
            "value_history": reverse("collection:value-history", args=[self.value.pk]),
            "submission_history": reverse("collection:submission-history", args=[self.submission.pk]),
        }

    # name: (no role, permitted user, permitted status, other subtree user, other subtree status)
    EXPECTED = {
        "rounds": (200, "reporter", 200, "outsider", 200),
        "open": (403, "secretariat", 200, "reporter", 403),
        "completeness": (404, "reporter", 200, "outsider", 200),
        "entry": (404, "reporter", 200, "outsider", 404),
        "template": (404, "reporter", 200, "outsider", 404),
        "upload": (403, "reporter", 200, "viewer", 403),
        "value_history": (404, "approver", 200, "outsider", 404),
        "submission_history": (404, "viewer", 200, "outsider", 404),
    }

    def status(self, user, url):
        self.client.logout()
        if user is not None:
            self.client.force_login(user)
        return self.client.get(url).status_code

    def test_every_page_against_every_kind_of_user(self):
        for name, url in self.urls().items():
            nobody, permitted, ok, other, other_status = self.EXPECTED[name]
            with self.subTest(page=name):
                assert self.status(None, url) == 302
                assert self.status(self.nobody, url) == nobody
                assert self.status(getattr(self, permitted), url) == ok
                assert self.status(getattr(self, other), url) == other_status

    def test_outsider_sees_only_their_district_in_the_completeness_view(self):
        self.client.force_login(self.outsider)
        page = self.client.get(self.urls()["completeness"]).content.decode()
        assert "DIST-B-CS01" in page and "DIST-A" not in page


class CompletenessTests(RoundTestCase):
    def test_submitted_late_and_missing_per_level(self):
        self.enter(self.admitted, self.org_a1, PERIOD, 3, status=ValueStatus.DRAFT)
        self.enter(self.admitted, self.org_a2, PERIOD, 2, status=ValueStatus.DRAFT)
        record(self.programme, self.org_a2, PERIOD, action=Action.SUBMIT, acting_user=self.reporter)
        self.client.force_login(self.secretariat)
        response = self.client.get(reverse("collection:completeness", args=[self.round.pk]))
        levels = {lv.type: lv for lv in response.context["levels"]}
        grassroots = levels["grassroots"]
        # submitted today, after the 2023 deadline: submitted but late
        assert (grassroots.submitted, grassroots.late, grassroots.missing) == (1, 3, 1)
        assert (levels["district"].submitted, levels["district"].missing) == (0, 2)
        assert response.context["totals"] == {"units": 5, "submitted": 1, "late": 5, "missing": 3}

    def test_the_completeness_view_takes_a_fixed_number_of_queries(self):
        self.client.force_login(self.secretariat)
        url = reverse("collection:completeness", args=[self.round.pk])
        self.client.get(url)
        with self.assertNumQueries(7):  # session, user, round, memberships, unit type names, submissions, notices
            self.client.get(url)
        for unit in (self.commission,):
            Submission.objects.create(round=self.round, unit=unit)
        with self.assertNumQueries(7):
            self.client.get(url)

    def test_the_round_list_takes_a_fixed_number_of_queries(self):
        self.client.force_login(self.reporter)
        with self.assertNumQueries(7):  # session, user, rounds, memberships, owed, indicator counts, unread notices
            self.client.get(reverse("collection:rounds"))

    def test_each_unit_sees_what_it_owes(self):
        self.client.force_login(self.reporter)
        page = self.client.get(reverse("collection:rounds")).content.decode()
        assert "DIST-A-CS01" in page and "DIST-B-CS01" not in page


class OpenRoundTests(RoundTestCase):
    def test_the_secretariat_opens_a_round_with_a_cut_off_window(self):
        self.client.force_login(self.secretariat)
        response = self.client.post(
            reverse("collection:open-round"),
            {
                "programme": self.programme.code,
                "period": "2023-h2",
                "data_from": "2023-06-15",
                "data_to": "2023-12-14",
                "deadline": "2023-12-20",
                "unit_types": ["district"],
            },
        )
        assert response.status_code == 302
        round_ = ReportingRound.objects.get(period="2023-H2")
        assert (str(round_.data_from), str(round_.data_to)) == ("2023-06-15", "2023-12-14")
        assert set(round_.submissions.values_list("unit__code", flat=True)) == {"DIST-A", "DIST-B"}

    def test_a_window_that_ends_before_it_starts_is_refused(self):
        self.client.force_login(self.secretariat)
        response = self.client.post(
            reverse("collection:open-round"),
            {"programme": self.programme.code, "period": "2023-H2", "data_from": "2023-12-01", "data_to": "2023-06-01"},
        )
        assert response.status_code == 400
        assert not ReportingRound.objects.filter(period="2023-H2").exists()


class EntryFormTests(RoundTestCase):
    def url(self, unit="DIST-A-CS01"):
        return reverse("collection:entry", args=[self.round.pk, unit])

    def test_the_form_saves_without_javascript(self):
        self.client.force_login(self.reporter)
        response = self.client.post(self.url(), {"v_ADMITTED": "5", "ver_ADMITTED": "0", "save": ""})
        assert response.status_code == 302
        value = DataValue.objects.get()
        assert value.value == Decimal(5) and value.source == "form" and value.entered_by == self.reporter

    def test_a_bad_value_is_shown_inline_in_vietnamese_and_nothing_is_saved(self):
        self.client.force_login(self.reporter)
        response = self.client.post(self.url(), {"v_DONE": "5", "v_TOTAL": "4", "save": ""})
        assert response.status_code == 400
        assert 'id="err-DONE"' in response.content.decode()
        assert "không được lớn hơn" in response.content.decode()
        assert not DataValue.objects.exists()

    def test_htmx_validates_without_saving(self):
        self.client.force_login(self.reporter)
        response = self.client.post(self.url(), {"v_ADMITTED": "-3", "_validate": "1"}, HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        body = response.content.decode()
        assert 'id="err-ADMITTED"' in body and "âm" in body
        response = self.client.post(self.url(), {"v_ADMITTED": "3", "_validate": "1"}, HTTP_HX_REQUEST="true")
        assert 'class="error"' not in response.content.decode()
        assert not DataValue.objects.exists()

    def test_a_check_on_change_returns_only_messages_never_the_inputs(self):
        """Replacing the inputs lost what was typed while the check was on
        its way (issue 17): the answer holds out-of-band messages only."""
        self.client.force_login(self.reporter)
        response = self.client.post(
            self.url(), {"v_ADMITTED": "-3", "v_DONE": "2", "_validate": "1"}, HTTP_HX_REQUEST="true"
        )
        body = response.content.decode()
        assert "<form" not in body and "<input" not in body
        assert 'id="msg-ADMITTED" class="field-msg" aria-live="polite" hx-swap-oob="true"' in body
        assert 'id="msg-DONE"' in body and "✓" in body  # DONE was checked and is fine
        assert 'id="entry-errors"' in body

    def test_the_form_checks_changes_without_swapping_itself(self):
        self.client.force_login(self.reporter)
        body = self.client.get(self.url()).content.decode()
        assert 'hx-swap="none"' in body and 'hx-sync="this:queue last"' in body
        assert 'id="msg-ADMITTED"' in body

    def test_the_page_loads_htmx_from_the_package(self):
        self.client.force_login(self.reporter)
        body = self.client.get(self.url()).content.decode()
        assert "django-htmx" in body or ("htmx" in body and "cdn" not in body.lower())

    def test_a_second_editor_gets_a_clear_conflict(self):
        self.client.force_login(self.reporter)
        self.client.post(self.url(), {"v_ADMITTED": "5", "ver_ADMITTED": "0", "save": ""})
        self.client.post(self.url(), {"v_ADMITTED": "6", "ver_ADMITTED": "1", "save": ""})
        response = self.client.post(self.url(), {"v_ADMITTED": "7", "ver_ADMITTED": "1", "save": ""})
        assert response.status_code == 409
        assert "Tải lại" in response.content.decode()
        assert DataValue.objects.get().value == 6

    def test_submit_then_approve_through_the_form(self):
        self.client.force_login(self.reporter)
        self.client.post(self.url(), {"v_ADMITTED": "5", "submit": "", "confirm_empty": "1"})
        assert Submission.objects.get(round=self.round, unit=self.org_a1).status == ValueStatus.SUBMITTED
        self.client.force_login(self.approver)
        assert self.client.post(self.url(), {"approve": ""}).status_code == 302
        assert DataValue.objects.get().status == ValueStatus.APPROVED

    def test_a_reporter_cannot_approve_through_the_form(self):
        self.client.force_login(self.reporter)
        self.client.post(self.url(), {"v_ADMITTED": "5", "submit": "", "confirm_empty": "1"})
        assert self.client.post(self.url(), {"approve": ""}).status_code == 403
        assert DataValue.objects.get().status == ValueStatus.SUBMITTED


class HistoryTests(RoundTestCase):
    def test_history_shows_who_before_after_and_where_from(self):
        self.client.force_login(self.reporter)
        url = reverse("collection:entry", args=[self.round.pk, "DIST-A-CS01"])
        self.client.post(url, {"v_ADMITTED": "5", "ver_ADMITTED": "0", "save": ""})
        self.client.post(url, {"v_ADMITTED": "8", "ver_ADMITTED": "1", "save": ""})
        value = DataValue.objects.get()
        page = self.client.get(reverse("collection:value-history", args=[value.pk])).content.decode()
        assert "reporter" in page and "5 → <strong>8</strong>" in page and "Nháp" in page
        assert f"POST {url}" in page


class AdminAuditTests(RoundTestCase):
    def test_a_target_changed_in_the_admin_records_the_user_and_the_request(self):
        from steerco.indicators.models import Target

        target = Target.objects.create(indicator=self.admitted, unit=self.district_a, period="2023", value=10)
        self.secretariat.is_staff = self.secretariat.is_superuser = True
        self.secretariat.save()
        self.client.force_login(self.secretariat)
        url = reverse("admin:indicators_target_change", args=[target.pk])
        body = {"indicator": self.admitted.pk, "unit": self.district_a.pk, "period": "2023", "value": "10", "note": "x"}
        assert self.client.post(url, body).status_code == 302
        last = target.history.latest()
        assert (last.note, last.history_user, last.history_change_reason) == (
            "x",
            self.secretariat,
            f"admin: POST {url}",
        )
        # a change of the agreed value needs a stated reason (audit.reasons)
        body |= {"value": "12", "reason": "data-error", "reason_text": "Gõ nhầm"}
        assert self.client.post(url, body).status_code == 302
        last = target.history.latest()
        assert (last.value, last.history_change_reason) == (12, "Sửa sai sót số liệu: Gõ nhầm")


class EntryFormContentTests(RoundTestCase):
    def test_the_form_shows_the_latest_earlier_value_and_a_viewer_reads_only(self):
        self.enter(self.admitted, self.org_a1, "2022-H2", 1234)
        self.enter(self.admitted, self.org_a1, PERIOD, 7, status=ValueStatus.DRAFT)
        url = reverse("collection:entry", args=[self.round.pk, "DIST-A-CS01"])
        self.client.force_login(self.reporter)
        page = self.client.get(url).content.decode()
        assert "1.234 <small>(6 tháng cuối năm 2022)</small>" in page and 'name="v_ADMITTED"' in page
        self.client.force_login(self.viewer)
        page = self.client.get(url).content.decode()
        assert 'name="v_ADMITTED"' not in page and 'name="save"' not in page

    def test_the_entry_form_takes_a_fixed_number_of_queries(self):
        url = reverse("collection:entry", args=[self.round.pk, "DIST-A-CS01"])
        self.client.force_login(self.reporter)
        self.client.get(url)
        # session, user, round, the request's one access object (memberships),
        # units, indicators, values, earlier values, submission, unread
        # notices; the latest draft check kept with the report (drafts); the
        # unit's proposals (the roles come from the access object already read)
        with self.assertNumQueries(12):
            self.client.get(url)
        for indicator in (self.admitted, self.done, self.total):
            self.enter(indicator, self.org_a1, PERIOD, 1, status=ValueStatus.DRAFT)
        with self.assertNumQueries(12):
            self.client.get(url)


class StoredValuesReadAsPeopleWriteThemTests(RoundTestCase):
    """A stored 150.0000 comes back as 150 in the entry box and the history,
    never as 1.5E+2 or 150.0000 (issue 17)."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.value = cls.enter(cls.admitted, cls.org_a1, PERIOD, 150, status=ValueStatus.DRAFT)

    def test_the_entry_box_shows_the_saved_value_in_plain_digits(self):
        self.client.force_login(self.reporter)
        page = self.client.get(reverse("collection:entry", args=[self.round.pk, "DIST-A-CS01"])).content.decode()
        assert 'value="150"' in page
        assert "E+" not in page

    def test_the_history_shows_the_value_without_trailing_zeros(self):
        self.client.force_login(self.approver)
        page = self.client.get(reverse("collection:value-history", args=[self.value.pk])).content.decode()
        assert "150" in page
        assert "150.0000" not in page and "150,0000" not in page


class TypedNumbersAndYesNoTests(RoundTestCase):
    """Entry boxes read and show numbers as Vietnamese writes them, and a
    yes/no indicator is a Có/Không choice (issue 17)."""

    def url(self):
        return reverse("collection:entry", args=[self.round.pk, "DIST-A-CS01"])

    def saved(self, code):
        return DataValue.objects.get(indicator__code=code, unit=self.org_a1, period=PERIOD).value

    def test_numbers_typed_with_thousands_dots_are_saved_without_javascript(self):
        self.client.force_login(self.reporter)
        response = self.client.post(self.url(), {"v_TOTAL": "5.155", "v_ADMITTED": " 12 ", "save": ""})
        assert response.status_code == 302
        assert self.saved("TOTAL") == 5155 and self.saved("ADMITTED") == 12
        page = self.client.get(self.url()).content.decode()
        assert 'value="5.155"' in page and 'inputmode="numeric"' in page

    def test_a_machine_number_is_refused_with_a_vietnamese_message(self):
        self.client.force_login(self.reporter)
        response = self.client.post(self.url(), {"v_ADMITTED": "1.5E+2", "save": ""})
        assert response.status_code == 400
        assert "không phải là số" in response.content.decode() and "5.155" in response.content.decode()
        assert not DataValue.objects.exists()

    def test_decimals_show_with_a_comma_in_the_box_and_read_back(self):
        self.admitted.decimals = 2
        self.admitted.save()
        stored = self.enter(self.admitted, self.org_a1, PERIOD, "86.0600", status=ValueStatus.DRAFT)
        self.client.force_login(self.reporter)
        page = self.client.get(self.url()).content.decode()
        assert 'value="86,06"' in page and "86.0600" not in page and 'inputmode="decimal"' in page
        response = self.client.post(self.url(), {"v_ADMITTED": "86,5", "ver_ADMITTED": stored.version, "save": ""})
        assert response.status_code == 302 and self.saved("ADMITTED") == Decimal("86.5")

    def test_yes_no_is_a_co_khong_choice_that_posts_without_javascript(self):
        self.client.force_login(self.reporter)
        page = self.client.get(self.url()).content.decode()
        assert 'type="radio" name="v_WEAK" value="1"' in page and 'type="radio" name="v_WEAK" value="0"' in page
        assert "Có" in page and "Không" in page
        assert self.client.post(self.url(), {"v_WEAK": "1", "save": ""}).status_code == 302
        assert self.saved("WEAK") == 1
        page = self.client.get(self.url()).content.decode()
        assert 'name="v_WEAK" value="1" class="yesno" id="id_v_WEAK_0" checked' in page
        self.client.force_login(self.viewer)  # reads the answer in words
        page = self.client.get(self.url()).content.decode()
        assert 'name="v_WEAK"' not in page and ">Có<" in page.replace("Có{", "Có<")

    def test_yes_no_refuses_anything_but_the_two_answers(self):
        self.client.force_login(self.reporter)
        response = self.client.post(self.url(), {"v_WEAK": "2", "save": ""})
        assert response.status_code == 400 and not DataValue.objects.exists()


class SubmitWithEmptyFieldsTests(RoundTestCase):
    """Submitting gave no warning about empty fields (issue 17): now what
    was typed is saved, the page lists the indicators left empty, and only
    a second, confirming post submits. No JavaScript involved."""

    def url(self):
        return reverse("collection:entry", args=[self.round.pk, "DIST-A-CS01"])

    def status(self):
        return Submission.objects.get(round=self.round, unit=self.org_a1).status

    def test_submitting_with_empty_fields_saves_and_asks_first(self):
        self.client.force_login(self.reporter)
        response = self.client.post(self.url(), {"v_ADMITTED": "5", "v_TOTAL": "3", "submit": ""})
        assert response.status_code == 302 and response["Location"] == f"{self.url()}?confirm_empty=1"
        assert self.status() == ValueStatus.DRAFT
        assert DataValue.objects.filter(unit=self.org_a1).count() == 2  # what was typed is kept
        page = self.client.get(response["Location"]).content.decode()
        section = page[page.index('id="confirm-submit"') : page.index("</section>", page.index('id="confirm-submit"'))]
        assert "Còn 2 chỉ tiêu để trống" in section
        assert "Xong" in section and "Yếu" in section and "Kết nạp" not in section and "Tổng" not in section
        assert 'name="confirm_empty" value="1"' in section and 'name="submit"' in section
        response = self.client.post(self.url(), {"submit": "", "confirm_empty": "1"})
        assert response.status_code == 302 and response["Location"] == self.url()
        assert self.status() == ValueStatus.SUBMITTED

    def test_a_complete_report_submits_at_once(self):
        self.client.force_login(self.reporter)
        values = {"v_ADMITTED": "5", "v_DONE": "2", "v_TOTAL": "3", "v_WEAK": "0", "submit": ""}
        response = self.client.post(self.url(), values)
        assert response["Location"] == self.url() and self.status() == ValueStatus.SUBMITTED

    def test_the_question_is_not_shown_to_whom_cannot_submit(self):
        self.client.force_login(self.viewer)
        page = self.client.get(f"{self.url()}?confirm_empty=1").content.decode()
        assert 'id="confirm-submit"' not in page
        self.client.force_login(self.outsider)
        assert self.client.post(self.url(), {"v_ADMITTED": "5", "submit": ""}).status_code == 404
        assert not DataValue.objects.exists()

    def test_an_approver_cannot_submit_through_the_question(self):
        self.client.force_login(self.approver)
        response = self.client.post(self.url(), {"v_ADMITTED": "5", "submit": "", "confirm_empty": "1"})
        assert response.status_code == 403 and self.status() == ValueStatus.DRAFT


class UnusualValueTests(RoundTestCase):
    """99.999.999 new members was accepted without a question (issue 17):
    a value far from the unit's history, or beyond its denominator, is not
    saved until the user confirms it with a reason (lib.plausibility)."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.enter(cls.total, cls.org_a1, "2022-H2", 120)

    def url(self):
        return reverse("collection:entry", args=[self.round.pk, "DIST-A-CS01"])

    def test_a_value_ten_times_the_last_one_is_not_saved_without_a_reason(self):
        self.client.force_login(self.reporter)
        response = self.client.post(self.url(), {"v_TOTAL": "99.999.999", "save": ""})
        page = response.content.decode()
        assert response.status_code == 400
        assert "Tổng (TOTAL): 99.999.999 gấp hơn 10 lần số liệu kỳ 2022-H2 (120)." in page
        assert 'id="confirm-unusual"' in page and 'name="unusual"' in page and "figure-checked" in page
        assert 'value="99.999.999"' in page  # what was typed stays in the box
        assert not DataValue.objects.filter(period=PERIOD).exists()

    def test_confirmed_with_a_reason_it_is_saved_and_the_reason_kept(self):
        from steerco.audit.models import ReasonKind, StatedReason

        self.client.force_login(self.reporter)
        data = {
            "v_TOTAL": "99.999.999",
            "unusual": "figure-checked",
            "unusual_text": "Đã gọi điện xác minh",
            "save": "",
        }
        assert self.client.post(self.url(), data).status_code == 302
        value = DataValue.objects.get(period=PERIOD)
        assert value.value == 99_999_999
        stated = StatedReason.objects.get()
        assert (stated.kind, stated.reason.code, stated.text) == (
            ReasonKind.UNUSUAL,
            "figure-checked",
            data["unusual_text"],
        )
        assert (stated.before, stated.after, stated.user, stated.record_id) == (
            "120",
            "99999999",
            self.reporter,
            value.pk,
        )

    def test_a_reason_without_words_is_refused_and_nothing_saved(self):
        self.client.force_login(self.reporter)
        response = self.client.post(self.url(), {"v_TOTAL": "99999999", "unusual": "figure-checked", "save": ""})
        assert response.status_code == 400 and "Hãy giải trình lý do bằng vài dòng." in response.content.decode()
        assert not DataValue.objects.filter(period=PERIOD).exists()

    def test_a_value_near_its_history_saves_without_a_question(self):
        self.client.force_login(self.reporter)
        assert self.client.post(self.url(), {"v_TOTAL": "150", "save": ""}).status_code == 302

    def test_with_no_history_only_a_very_large_value_is_queried(self):
        self.client.force_login(self.reporter)
        assert self.client.post(self.url(), {"v_ADMITTED": "900", "save": ""}).status_code == 302
        url = reverse("collection:entry", args=[self.round.pk, "DIST-A-CS02"])
        response = self.client.post(url, {"v_TOTAL": "1.000.000", "save": ""})
        assert response.status_code == 400 and "lớn bất thường" in response.content.decode()

    def test_a_count_beyond_the_last_known_denominator_is_queried(self):
        self.client.force_login(self.reporter)
        response = self.client.post(self.url(), {"v_DONE": "130", "save": ""})
        assert response.status_code == 400
        assert "Xong (DONE): 130 lớn hơn Tổng (120 kỳ 2022-H2)" in response.content.decode()

    def test_the_check_on_change_warns_while_typing(self):
        self.client.force_login(self.reporter)
        response = self.client.post(self.url(), {"v_TOTAL": "99999999", "_validate": "1"}, HTTP_HX_REQUEST="true")
        assert response.status_code == 200 and "gấp hơn 10 lần" in response.content.decode()
        assert not DataValue.objects.filter(period=PERIOD).exists()
