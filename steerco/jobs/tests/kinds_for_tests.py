"""Job kinds used only by the tests: one that counts, one that fails a set
number of times, one that fails for good, one that fills the disk."""

import errno

from steerco.jobs.models import Job
from steerco.jobs.registry import JobFailed, JobResult, job_kind

SEEN_PROGRESS: list[tuple[int, str]] = []


@job_kind("tests.count", label="Count")
def count(job, progress, upto: int = 4):
    for i in range(1, upto + 1):
        progress(i, upto, f"step {i}")
        row = Job.objects.get(pk=job.pk)
        SEEN_PROGRESS.append((row.progress, row.message))
    return JobResult("count.txt", str(upto).encode())


@job_kind("tests.flaky", label="Flaky", max_attempts=3)
def flaky(job, progress, fail_times: int = 1):
    if job.attempts <= fail_times:
        raise RuntimeError("transient trouble")
    return None


@job_kind("tests.bad_input", label="Bad input")
def bad_input(job, progress):
    raise JobFailed("Dòng 3: thiếu mã đơn vị")


@job_kind("tests.disk_full", label="Disk full")
def disk_full(job, progress):
    return JobResult("big.bin", b"x" * 1024)


def raise_enospc(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


def remove_marker(job):
    from pathlib import Path

    Path(job.params["marker"]).with_suffix(".upload").unlink(missing_ok=True)


@job_kind("tests.hang", label="Hang", max_attempts=1, cleanup=remove_marker)
def hang(job, progress, marker: str):
    """Reports progress, says it is running (a marker file) and waits to be
    killed; ``cleanup`` removes its 'upload' (MARKER.upload)."""
    import time
    from pathlib import Path

    progress(1, 4, "checking")
    Path(marker).write_text(str(job.pk))
    time.sleep(600)
