"""Actions take the acting user as a keyword-only ``acting_user=``.

The rule, read from the source with ``ast`` (tests and migrations aside):

1. A parameter called ``acting_user`` is keyword-only, everywhere: a caller
   always writes ``acting_user=request.user`` (or ``acting_user=None`` for a
   command, a job or the demo), never passes it by position.
2. A public module-level function (its name does not start with ``_``) may
   take a parameter called ``user`` only if it is a read-only question
   (which units a user sees, whether a user may do something, what to show
   them) listed in ``READ_ONLY`` below. Every other function that is given
   a user acts as that user, so it takes ``acting_user`` instead.
3. A function in ``READ_ONLY`` does not itself write: it calls no
   ``stamp``, ``save``, ``create``, ``update``, ``delete`` and the like.
   Every entry of ``READ_ONLY`` still exists (the list is not left stale).

Private helpers (``_record``, ``_save``) may pass the user on by position:
the rule is about what callers from other modules see.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PACKAGE = ROOT / "steerco"
SKIPPED = {"tests", "migrations"}

# (module, function): read-only questions that take the user they are about.
READ_ONLY = {
    ("steerco.accounts.access", "access_for"),
    ("steerco.accounts.access", "visible_paths"),
    ("steerco.audit.history", "acting"),
    ("steerco.collection.workbook", "build_template"),
    ("steerco.dashboard.views.selection", "breadcrumbs"),
    ("steerco.findings.access", "can_edit"),
    ("steerco.findings.access", "can_verify"),
    ("steerco.findings.access", "can_move"),
    ("steerco.findings.access", "can_close_year"),
    ("steerco.findings.access", "can_manage_par_index"),
    ("steerco.findings.access", "can_record_any"),
    ("steerco.findings.access", "editable_units"),
    ("steerco.findings.access", "closable_units"),
    ("steerco.findings.views.common", "visible_findings"),
    ("steerco.indicators.records", "records_url"),
    ("steerco.inspection.scope", "jurisdiction"),
    ("steerco.inspection.scope", "own_commissions"),
    ("steerco.inspection.scope", "is_inspector"),
    ("steerco.inspection.services", "cases_in_scope"),
    # a receiver of Django's user_logged_in: the signal names its arguments
    ("steerco.ops.middleware", "mark_renewed"),
    ("steerco.proposals.access", "can_raise"),
    ("steerco.proposals.access", "is_secretariat"),
    ("steerco.proposals.access", "can_assign"),
    ("steerco.proposals.access", "can_answer"),
    ("steerco.proposals.access", "can_settle_item"),
    ("steerco.proposals.access", "raising_units"),
    ("steerco.proposals.access", "can_record_any"),
    ("steerco.proposals.access", "addressable_units"),
    ("steerco.proposals.services.items", "may"),
    ("steerco.proposals.views.items", "moves_for"),
    ("steerco.proposals.views.meetings", "conclusion_moves"),
    ("steerco.reports.delivery", "received_by"),
    ("steerco.reports.issuing", "can_issue"),
    ("steerco.reports.issuing", "can_edit_text"),
    ("steerco.reports.review", "may_review"),
    ("steerco.reports.views.scope", "report_units"),
    ("steerco.units.models.unit", "role_paths"),
}

WRITES = {"stamp", "save", "create", "get_or_create", "update_or_create", "bulk_create", "update", "delete", "state"}


def modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        if SKIPPED & set(path.relative_to(PACKAGE).parts):
            continue
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        yield name, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def functions(tree: ast.Module):
    return [n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]


def positional(fn) -> list[str]:
    return [a.arg for a in fn.args.posonlyargs + fn.args.args]


def parameters(fn) -> list[str]:
    return positional(fn) + [a.arg for a in fn.args.kwonlyargs]


def called(fn) -> set[str]:
    """Names of what ``fn`` calls; ``x.save(stream)`` (a workbook written to
    a buffer) is not a model's ``save()``."""
    names = set()
    for node in ast.walk(fn):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if not (name == "save" and node.args):
                names.add(name)
    return names


def test_acting_user_is_keyword_only_everywhere():
    wrong = [
        f"{module}.{fn.name}"
        for module, tree in modules()
        for fn in ast.walk(tree)
        if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)) and "acting_user" in positional(fn)
    ]
    assert wrong == [], f"acting_user must be keyword-only (after *): {wrong}"


def test_public_functions_take_a_user_only_to_answer_a_question():
    wrong = [
        f"{module}.{fn.name}"
        for module, tree in modules()
        for fn in functions(tree)
        if not fn.name.startswith("_") and "user" in parameters(fn) and (module, fn.name) not in READ_ONLY
    ]
    assert wrong == [], (
        f"these take a `user`: an action takes the acting user as keyword-only `acting_user=`; "
        f"a read-only question goes in READ_ONLY: {wrong}"
    )


def test_the_read_only_questions_exist_and_write_nothing():
    found = {(module, fn.name): fn for module, tree in modules() for fn in functions(tree)}
    assert sorted(READ_ONLY - found.keys()) == []
    writing = {f"{m}.{f}": sorted(called(found[m, f]) & WRITES) for m, f in READ_ONLY}
    assert {k: v for k, v in writing.items() if v} == {}


def test_the_rule_catches_a_positional_user():
    """The walker itself: a write function with a positional user is named."""
    tree = ast.parse("def record(user, unit, *, value):\n    stamp(unit, acting_user=user)\n")
    fn = functions(tree)[0]
    assert "user" in parameters(fn) and "stamp" in called(fn)
    tree = ast.parse("def record(unit, acting_user, *, value):\n    pass\n")
    assert "acting_user" in positional(functions(tree)[0])
