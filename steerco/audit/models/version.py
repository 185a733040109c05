from django.db import models


class DataVersion(models.Model):
    """One row (id 1) that every write behind a figure advances in its own
    transaction, by database triggers (``audit.version``): pages keep what
    they computed under it (``dashboard.kept``)."""

    id = models.PositiveSmallIntegerField(primary_key=True)
    counter = models.BigIntegerField(default=0)
    stamp = models.BigIntegerField(default=0)  # random at each advance: a rolled-back count is never reused

    class Meta:
        db_table = "audit_dataversion"

    def __str__(self) -> str:
        return f"{self.counter}.{self.stamp}"
