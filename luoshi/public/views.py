"""The public page (公开): anonymous, cacheable, and showing only what a plan publishes.

The public views never touch ``request.user`` or the session, render no CSRF token and set no cookie,
so a shared cache may keep them; the ETag is a digest of exactly what the page shows."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import condition, require_GET

from luoshi.lib.translation import in_site_language
from luoshi.public import access, selectors, services
from luoshi.public.forms import PublicationForm

MAX_AGE = 300


def _memo(request: HttpRequest, key: str, load: Any) -> Any:
    """Load the page's data once per request (the ETag and the page use the same rows)."""
    store: dict[str, Any] = request.__dict__.setdefault("_luoshi_public", {})
    if key not in store:
        store[key] = load()
    return store[key]


def _listing(request: HttpRequest) -> Any:
    return _memo(request, "listing", selectors.published_plans)


def _plan(request: HttpRequest, code: str) -> selectors.PublicPlan | None:
    return _memo(request, f"plan:{code}", lambda: selectors.public_plan(code))  # type: ignore[no-any-return]


def _plan_etag(request: HttpRequest, code: str) -> str | None:
    found = _plan(request, code)
    return f'W/"{found.etag}"' if found else None


def _public(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    response["Content-Language"] = settings.LANGUAGE_CODE
    return response


@in_site_language
@require_GET
@condition(etag_func=lambda request: f'W/"{_listing(request)[1]}"')
def public_list(request: HttpRequest) -> HttpResponse:
    groups, _etag = _listing(request)
    return _public(render(request, "public/list.html", {"groups": groups}))


@in_site_language
@require_GET
@condition(etag_func=_plan_etag)
def public_plan(request: HttpRequest, code: str) -> HttpResponse:
    page = _plan(request, code)
    if page is None:
        # An unpublished plan and a missing one get the same answer, rendered here so that the
        # staff's error page (with its sign-out form and CSRF cookie) is not.
        response = render(request, "public/not_found.html", status=404)
        response["Content-Language"] = settings.LANGUAGE_CODE
        return response
    return _public(render(request, "public/plan.html", {"page": page, "plan": page.plan}))


@login_required
def publication_edit(request: HttpRequest, code: str) -> HttpResponse:
    """The office's settings of the plan's public page."""
    plan, publication = access.publication_for_office(request.user, code)
    initial = {"enabled": publication.enabled, "levels": publication.levels}
    form = PublicationForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.publication_save(
            plan=plan, enabled=form.cleaned_data["enabled"], levels=form.cleaned_data["levels"]
        )
        messages.success(request, _("The public page's settings are saved."))
        return redirect("public:publication_edit", code=plan.code)
    context = {"plan": plan, "publication": publication, "form": form}
    return render(request, "public/publication_edit.html", context, status=400 if form.errors else 200)
