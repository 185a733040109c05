from .job import Job, JobStatus

__all__ = ["Job", "JobStatus"]
