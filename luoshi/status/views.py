"""The office sets an item's colour by hand, or gives it back to the rules."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from luoshi.accounts import access
from luoshi.status import services
from luoshi.status.forms import OverrideForm


@login_required
def status_override(request: HttpRequest, item_id: int) -> HttpResponse:
    item = access.item_for_office(request.user, item_id)
    form = OverrideForm(request.POST or None)
    if request.method == "POST" and request.POST.get("clear"):
        services.status_override_clear(item=item)
        messages.success(request, _("The colour follows the rules again."))
        return redirect("web:item_detail", item_id=item.pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.status_override_set(
                item=item,
                user=request.user,  # type: ignore[arg-type]
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
                expires_on=form.cleaned_data["expires_on"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Colour set."))
            return redirect("web:item_detail", item_id=item.pk)
    return render(request, "status/override.html", {"item": item, "plan": item.plan, "form": form})
