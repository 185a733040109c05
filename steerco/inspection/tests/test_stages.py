"""The stage rules on their own, without a database."""

import pytest

from ..stages import FORMS_FOR, DisciplineForm, Stage, StageError, Subject, check_form, check_move, next_stages


def test_a_case_moves_from_inspecting_to_a_conclusion():
    check_move(Stage.INSPECTING, Stage.CONCLUDED_VIOLATION)
    check_move(Stage.INSPECTING, Stage.CONCLUDED_NO_VIOLATION)


def test_a_case_cannot_skip_the_conclusion():
    with pytest.raises(StageError):
        check_move(Stage.INSPECTING, Stage.DISCIPLINED)
    with pytest.raises(StageError):
        check_move(Stage.INSPECTING, Stage.NOT_DISCIPLINED)


def test_only_a_violation_leads_to_a_decision():
    check_move(Stage.CONCLUDED_VIOLATION, Stage.DISCIPLINED)
    check_move(Stage.CONCLUDED_VIOLATION, Stage.NOT_DISCIPLINED)
    with pytest.raises(StageError):
        check_move(Stage.CONCLUDED_NO_VIOLATION, Stage.DISCIPLINED)


def test_finished_cases_cannot_move_back_or_on():
    for final in (Stage.CONCLUDED_NO_VIOLATION, Stage.DISCIPLINED, Stage.NOT_DISCIPLINED):
        assert next_stages(final) == ()
        for target in Stage.values:
            with pytest.raises(StageError):
                check_move(final, target)
    with pytest.raises(StageError):
        check_move(Stage.CONCLUDED_VIOLATION, Stage.INSPECTING)


def test_forms_of_discipline_per_subject_follow_regulation_69():
    assert set(FORMS_FOR[Subject.FULL_MEMBER]) == {"reprimand", "warning", "removal", "expulsion"}
    assert set(FORMS_FOR[Subject.PROBATIONARY_MEMBER]) == {"reprimand", "warning"}
    assert set(FORMS_FOR[Subject.ORGANISATION]) == {"reprimand", "warning", "dissolution"}


@pytest.mark.parametrize(
    "subject, form",
    [
        (Subject.PROBATIONARY_MEMBER, DisciplineForm.REMOVAL),
        (Subject.PROBATIONARY_MEMBER, DisciplineForm.EXPULSION),
        (Subject.PROBATIONARY_MEMBER, DisciplineForm.DISSOLUTION),
        (Subject.FULL_MEMBER, DisciplineForm.DISSOLUTION),
        (Subject.ORGANISATION, DisciplineForm.REMOVAL),
        (Subject.ORGANISATION, DisciplineForm.EXPULSION),
        (Subject.ORGANISATION, None),
        (Subject.FULL_MEMBER, "demotion"),
    ],
)
def test_a_form_invalid_for_the_subject_is_refused(subject, form):
    with pytest.raises(StageError):
        check_form(subject, form)


def test_every_valid_form_is_accepted():
    for subject, forms in FORMS_FOR.items():
        for form in forms:
            check_form(subject, form)
