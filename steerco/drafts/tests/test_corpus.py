"""The corpus of drafts written for the tests (tests/corpus), checked
against the demo programme: every planted error is found, with the kind
of verdict it must get, and every correct figure matches its indicator,
with no false alarm. The .docx and .pdf drafts are built from their
sources here (python-docx, WeasyPrint)."""

from django.test import TestCase

from steerco.demo.loader import PROGRAMME_CODE, load_demo
from steerco.drafts.core.check import PROBLEMS, check
from steerco.drafts.core.reading import read
from steerco.drafts.figures import RecordsBook
from steerco.lib.periods import Period
from steerco.programmes.models import Programme
from steerco.units.models import Unit

from .corpus import build


class CorpusTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo(progress=lambda _msg: None)
        cls.programme = Programme.objects.get(code=PROGRAMME_CODE)

    def report(self, case):
        name, content = build.content(case)
        draft = read(name, content)
        unit = Unit.objects.get(code=case["unit"])
        return check(draft, RecordsBook(self.programme, unit, Period.parse(case["period"])))

    def test_the_corpus_has_every_format_and_every_kind_of_planted_error(self):
        cases = build.cases()
        assert {c["file"].rsplit(".", 1)[1] for c in cases} == {"txt", "docx", "pdf"}
        planted = " ".join(f["planted"] for c in cases for f in c["figures"] if "planted" in f)
        for kind in ("wrong figure", "fits no denominator", "stale", "total not its parts", "wrong unit"):
            assert kind in planted, kind

    def test_every_draft_gets_the_expected_verdict_on_every_figure(self):
        for case in build.cases():
            with self.subTest(case["name"]):
                report = self.report(case)
                assert build.mismatches(case, report) == []

    def test_every_planted_error_is_found_and_nothing_else_is_flagged(self):
        for case in build.cases():
            with self.subTest(case["name"]):
                result = build.evaluate(case, self.report(case))
                planted = sum("planted" in f for f in case["figures"])
                assert (result["tp"], result["fp"], result["fn"]) == (planted, 0, 0)

    def test_the_6_is_13_9_percent_case_says_which_denominators_come_near(self):
        case = next(c for c in build.cases() if c["name"] == "thanh-pho-2023h1")
        result = next(r for r in self.report(case).results if r.figure.text == "13,9%")
        assert result.verdict in PROBLEMS
        assert result.reason == "no_denominator"
        assert result.params["recorded"] == "6/43 = 13,95 %"
        assert result.params["nearest"] == "6/43 = 13,95 %, 6/44 = 13,64 %"
