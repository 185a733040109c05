from .jobs import job_detail, job_download, job_list

__all__ = ["job_detail", "job_download", "job_list"]
