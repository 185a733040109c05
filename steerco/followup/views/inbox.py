"""The user's inbox of reminders and their reminder preferences. A user
only ever sees their own notices."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms import PreferenceForm
from ..models import Notice, Preference

PAGE_SIZE = 50


@login_required
def inbox(request):
    notices = Notice.objects.filter(user=request.user).select_related("unit")
    if request.GET.get("unread"):
        notices = notices.filter(read_at__isnull=True)
    page = Paginator(notices.order_by("-sent_on", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "followup/inbox.html", {"page": page, "unread_only": bool(request.GET.get("unread"))})


@login_required
def notice_open(request, pk):
    """Mark the notice read and go to the form or record it is about."""
    notice = get_object_or_404(Notice, pk=pk, user=request.user)
    if notice.read_at is None:
        Notice.objects.filter(pk=notice.pk).update(read_at=timezone.now())
    if notice.url and url_has_allowed_host_and_scheme(notice.url, allowed_hosts=None):
        return redirect(notice.url)
    return redirect("followup:inbox")


@login_required
@require_POST
def mark_read(request):
    Notice.objects.filter(user=request.user, read_at__isnull=True).update(read_at=timezone.now())
    messages.success(request, _("Every notice is marked read."))
    return redirect("followup:inbox")


@login_required
def preferences(request):
    pref = Preference.objects.filter(user=request.user).first() or Preference(user=request.user)
    form = PreferenceForm(request.POST or None, instance=pref)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your reminder preferences are saved."))
        return redirect("followup:preferences")
    return render(request, "followup/preferences.html", {"form": form})
