"""Switching the organisation a user acts in (one of the roles they hold)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi.accounts import services


@login_required
@require_POST
def organisation_switch(request: HttpRequest) -> HttpResponse:
    raw = request.POST.get("membership", "")
    membership = services.membership_activate(
        user=request.user,  # type: ignore[arg-type]
        membership_id=int(raw) if raw.isdigit() else 0,
    )
    messages.success(
        request,
        _("You now act for %(org)s as %(role)s.")
        % {"org": membership.organisation.name, "role": membership.get_role_display()},
    )
    # Back home: the page one was on may belong to the organisation just left.
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}) or not target.startswith("/"):
        target = ""
    return redirect(target or "web:home")
