"""One audit rule for every model with history: a change made through a web
request that did not say where it came from (the admin, for instance)
records the request itself as its change reason. The write service and the
importers give their own reason (the form, the file, the API call)."""

from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

REASON_MAX = 100


def record_request(sender, history_instance, **kwargs) -> None:
    if history_instance.history_change_reason:
        return
    request = getattr(HistoricalRecords.context, "request", None)
    if request is not None:
        history_instance.history_change_reason = f"{request.method} {request.path}"[:REASON_MAX]


def connect() -> None:
    pre_create_historical_record.connect(record_request, dispatch_uid="steerco.collection.audit")
