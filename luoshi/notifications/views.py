"""A user's notifications."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi.accounts import access
from luoshi.notifications import access as notification_access
from luoshi.notifications import deliveries, selectors, services
from luoshi.notifications.forms import ChannelForm, masked, masked_url


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


# --- the organisation's channels (the office) -----------------------------------------------------


@login_required
def channels(request: HttpRequest) -> HttpResponse:
    organisation = access.people_organisation(request.user)
    form = ChannelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        channel = deliveries.channel_save(
            organisation_id=organisation.pk, channel=None, data=form.cleaned_data
        )
        messages.success(request, _("Channel %(name)s added.") % {"name": channel.name})
        return redirect("notifications:channels")
    rows = [(c, masked_url(c.url), masked(c.secret)) for c in selectors.channels_of(organisation.pk)]
    return render(
        request,
        "notifications/channels.html",
        {"channels": rows, "form": form, "organisation": organisation},
        status=400 if form.errors else 200,
    )


@login_required
def channel_edit(request: HttpRequest, channel_id: int) -> HttpResponse:
    channel = notification_access.channel_for_office(request.user, channel_id)
    form = ChannelForm(request.POST or None, instance=channel)
    if request.method == "POST":
        if "delete" in request.POST:
            deliveries.channel_delete(channel=channel)
            messages.success(request, _("Channel %(name)s deleted.") % {"name": channel.name})
            return redirect("notifications:channels")
        if form.is_valid():
            deliveries.channel_save(
                organisation_id=channel.organisation_id, channel=channel, data=form.cleaned_data
            )
            messages.success(request, _("Channel %(name)s saved.") % {"name": channel.name})
            return redirect("notifications:channels")
    return render(
        request,
        "notifications/channel_edit.html",
        {"channel": channel, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def channel_test(request: HttpRequest, channel_id: int) -> HttpResponse:
    channel = notification_access.channel_for_office(request.user, channel_id)
    deliveries.channel_test(channel=channel)
    messages.success(
        request, _("A test message to %(name)s is queued; its result appears below.") % {"name": channel.name}
    )
    return redirect(f"{reverse('notifications:deliveries')}?channel={channel.pk}")


@login_required
def delivery_list(request: HttpRequest) -> HttpResponse:
    organisation = access.people_organisation(request.user)
    raw = request.GET.get("channel", "")
    channel = notification_access.channel_for_office(request.user, int(raw)) if raw.isdigit() else None
    rows = selectors.deliveries_of(organisation.pk, channel_id=channel.pk if channel else None)
    return render(
        request,
        "notifications/deliveries.html",
        {"deliveries": rows, "channel": channel, "max_attempts": deliveries.MAX_ATTEMPTS},
    )
