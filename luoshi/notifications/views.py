"""A user's notifications."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from luoshi.accounts import access
from luoshi.notifications import access as notification_access
from luoshi.notifications import selectors, services


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    user = access.require_viewer(request.user)
    if request.method == "POST":
        services.notification_mark_read(user=user)
        return redirect("notifications:notifications")
    return render(
        request, "notifications/notifications.html", {"notifications": selectors.notifications_for(user)}
    )


@login_required
@require_POST
def notification_open(request: HttpRequest, notification_id: int) -> HttpResponse:
    note = notification_access.notification_for_user(request.user, notification_id)
    services.notification_mark_read(user=request.user, notification_id=note.pk)  # type: ignore[arg-type]
    if note.url and url_has_allowed_host_and_scheme(note.url, allowed_hosts={request.get_host()}):
        return redirect(note.url)
    return redirect("notifications:notifications")
