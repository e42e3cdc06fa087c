"""The notification list (``/app/notifications/``): newest first, mark one or all read (POST),
and the mail switch of each kind. A user sees only their own."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments.views.common import safe_next
from notifications import selectors, services
from notifications.choices import Kind
from notifications.models import Notification
from notifications.texts import text_of

PAGE_SIZE = 50


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.notifications_of(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    switches = selectors.switches_of(request.user)
    return render(
        request,
        "notifications/list.html",
        {
            "page": page,
            "rows": [{"n": n, "text": text_of(n.kind, n.params)} for n in page.object_list],
            "switches": [(kind, label, switches[kind]) for kind, label in Kind.choices],
        },
    )


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one read and follow its link (or come back to the list)."""
    try:
        notification = services.notification_mark_read(actor=request.user, notification_id=pk)
    except Notification.DoesNotExist:
        raise Http404 from None
    if request.POST.get("open") and notification.link:
        return redirect(notification.link)  # a path the app wrote, never user input
    return redirect(safe_next(request, "/app/notifications/"))


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(actor=request.user)
    messages.success(request, _("%(n)d marked read.") % {"n": count})
    return redirect("notifications")


@login_required
@require_POST
def mail_switches(request: HttpRequest) -> HttpResponse:
    chosen = set(request.POST.getlist("mail"))
    services.mail_switches_set(
        actor=request.user, mail={kind: kind in chosen for kind in Kind.values}
    )
    messages.success(request, _("Your mail choices are saved."))
    return redirect("notifications")
