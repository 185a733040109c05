from .job import Job, JobStatus
from .schedule import ScheduledRun

__all__ = ["Job", "JobStatus", "ScheduledRun"]
