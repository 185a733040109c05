"""Job kinds: the functions a worker may run, by name.

An app registers a kind once, at import time (from its AppConfig.ready())::

    @job_kind("reports.quarterly", label=_("Quarterly report"))
    def quarterly(job, progress, period):
        for i, unit in enumerate(units, 1):
            ...
            progress(i, len(units), _("Unit %(code)s") % {"code": unit.code})
        return JobResult("report.docx", content)

The function receives the Job row, a ``progress(done, total, message)``
callback and the job's parameters as keyword arguments. It may return a
JobResult (saved as the job's download, its summary kept as the job's
message) or None. Raising JobFailed fails the
job at once with that message; any other exception is retried.

A kind that people start from the jobs page registers a form for it with
``@starter(key)``: the queue itself knows no kind.
job at once with that message; any other exception is retried. Progress
also serves as the heartbeat's news: a job that reports progress as it
validates and writes shows it on the job page while it runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from steerco.lib.errors import Refused


@dataclass(frozen=True)
class JobKind:
    key: str
    label: str
    func: Callable
    max_attempts: int
    cleanup: Callable | None = None
    result_template: str = ""


@dataclass(frozen=True)
class JobResult:
    """The job's download, and optionally a one-line ``summary`` that stays
    as the finished job's message (shown in the jobs list)."""

    filename: str
    content: bytes
    summary: str = ""
    # What the kind's result template shows (plain JSON values), kept on
    # the job as ``Job.result``; a result without a file has no filename.
    data: dict | None = None


class JobFailed(Refused):
    """A failure that running again cannot fix (bad input, missing record).
    The message is shown to the user as it is; ``data`` is kept as the
    job's result for the kind's result template (counts, links)."""

    def __init__(self, message: str = "", data: dict | None = None):
        super().__init__(message)
        self.data = data


REGISTRY: dict[str, JobKind] = {}


def job_kind(
    key: str, *, label: str, max_attempts: int = 3, cleanup: Callable | None = None, result_template: str = ""
) -> Callable[[Callable], Callable]:
    """Register ``func`` as job kind ``key``. ``cleanup(job)``, if given,
    removes what a job of this kind leaves behind when its worker dies and
    it is failed (see ``services.recover_abandoned``). ``result_template``,
    if given, is included on the job's page with ``job`` once it finished
    (its ``job.result`` holds the ``data`` the function returned)."""
    if not 1 <= max_attempts <= 10:
        raise ValueError("max_attempts must be between 1 and 10")

    def decorate(func: Callable) -> Callable:
        if key in REGISTRY and REGISTRY[key].func is not func:
            raise ValueError(f"job kind {key!r} is already registered")
        REGISTRY[key] = JobKind(
            key=key,
            label=label,
            func=func,
            max_attempts=max_attempts,
            cleanup=cleanup,
            result_template=result_template,
        )
        return func

    return decorate


def kind_label(key: str) -> str:
    spec = REGISTRY.get(key)
    return str(spec.label) if spec else key


def result_template(key: str) -> str:
    spec = REGISTRY.get(key)
    return spec.result_template if spec else ""


STARTERS: dict[str, type] = {}


def starter(key: str) -> Callable[[type], type]:
    """Register the form that starts jobs of kind ``key`` on the jobs page.

    The form class takes ``(data, units=...)`` (the units the user may see),
    has a ``button`` label and ``available()`` (whether to show it), and once
    valid ``job()`` returns ``(unit, params)`` for ``start_job``."""

    def decorate(form_class: type) -> type:
        STARTERS[key] = form_class
        return form_class

    return decorate
