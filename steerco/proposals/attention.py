"""On the home page: answers and meeting conclusions past their deadline,
and items still waiting to be assigned, in the page's unit subtree (which
the user may see: ``attention`` hands over only such a unit); two queries."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import ngettext

from steerco.dashboard.attention import Item as AttentionItem
from steerco.dashboard.attention import Severity, View, provider

from .flow import WAITING
from .models import Conclusion, Item, Status


@provider("proposals.overdue")
def overdue_answers(view: View):
    today = timezone.localdate()
    items = Item.objects.filter(programme=view.programme, raised_by__path__startswith=view.unit.path)
    counts = items.aggregate(
        overdue=Count("pk", filter=Q(status__in=WAITING, deadline__lt=today)),
        waiting=Count("pk", filter=Q(status=Status.RAISED)),
    )
    url = reverse("proposals:list") + "?" + urlencode({"unit": view.unit.code})
    if counts["overdue"]:
        yield AttentionItem(
            Severity.HIGH,
            ngettext(
                "%(count)d difficulty or proposal is past its answer deadline",
                "%(count)d difficulties and proposals are past their answer deadline",
                counts["overdue"],
            )
            % {"count": counts["overdue"]},
            url=url + "&state=overdue",
        )
    if counts["waiting"]:
        yield AttentionItem(
            Severity.MEDIUM,
            ngettext(
                "%(count)d difficulty or proposal is waiting to be assigned",
                "%(count)d difficulties and proposals are waiting to be assigned",
                counts["waiting"],
            )
            % {"count": counts["waiting"]},
            url=url + "&state=raised",
        )
    late = (
        Conclusion.objects.filter(
            meeting__programme=view.programme, meeting__convened_by__path__startswith=view.unit.path
        )
        .filter(status__in=WAITING, deadline__lt=today)
        .count()
    )
    if late:
        yield AttentionItem(
            Severity.HIGH,
            ngettext(
                "%(count)d meeting conclusion is past its deadline",
                "%(count)d meeting conclusions are past their deadline",
                late,
            )
            % {"count": late},
            url=reverse("proposals:meetings"),
        )
