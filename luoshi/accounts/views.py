"""The office's pages for the units, leaders and users of its organisation.

Views parse, fetch through ``access`` (anyone but the office, and any other organisation's object,
gets the same 404 as a missing one), call one write of ``people`` or ``services``, and render.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi.accounts import access, people, selectors, services
from luoshi.accounts.forms import LeaderForm, PasswordForm, RoleForm, UnitForm, UserCreateForm
from luoshi.accounts.models import User
from luoshi.plans.models import Leader, Unit


def _actor(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _apply(form: Form, write: Callable[[], Any]) -> bool:
    """Run ``write`` for a valid form; its refusals become the form's errors."""
    if not form.is_valid():
        return False
    try:
        write()
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                name = "password1" if field == "password" else field
                form.add_error(name if name in form.fields else None, errors)
        else:
            form.add_error(None, exc)
        return False
    return True


def _stale(form: Form) -> bool:
    return any(e.code == "stale" for e in form.errors.as_data().get("__all__", []))


def _render_form(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    form: Form = context["form"]
    status = 200 if request.method != "POST" else (409 if _stale(form) else 400)
    return render(request, template, context, status=status)


# --- units ---------------------------------------------------------------------------------------


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    organisation = access.people_organisation(request.user)
    context = {"organisation": organisation, "units": selectors.units_of(organisation), "tab": "units"}
    return render(request, "accounts/unit_list.html", context)


@login_required
def unit_new(request: HttpRequest) -> HttpResponse:
    organisation = access.people_organisation(request.user)
    form = UnitForm(request.POST or None)
    if request.method == "POST" and _apply(
        form,
        lambda: people.unit_create(actor=_actor(request), organisation=organisation, data=form.to_data()),
    ):
        messages.success(request, _("Unit %(name)s added.") % {"name": form.cleaned_data["name"].strip()})
        return redirect("accounts:unit_list")
    context = {"organisation": organisation, "form": form, "tab": "units", "title": _("Add a unit")}
    return _render_form(request, "accounts/object_form.html", context)


@login_required
def unit_edit(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = access.unit_for_office(request.user, unit_id)
    form = UnitForm(request.POST or None, initial=UnitForm.initial_of(unit, people.version_of(unit)))
    if request.method == "POST" and _apply(
        form,
        lambda: people.unit_update(
            actor=_actor(request), unit=unit, data=form.to_data(), version=form.cleaned_data["version"]
        ),
    ):
        messages.success(request, _("Unit %(name)s saved.") % {"name": form.cleaned_data["name"].strip()})
        return redirect("accounts:unit_list")
    current = Unit.objects.get(pk=unit.pk) if _stale(form) else None
    context = {
        "organisation": unit.organisation,
        "form": _refreshed(form, current, UnitForm.initial_of) if current else form,
        "current": _current_values(form, current) if current else None,
        "tab": "units",
        "title": _("Edit unit %(name)s") % {"name": unit.name},
        "delete_url": ("accounts:unit_delete", unit.pk),
    }
    return _render_form(request, "accounts/object_form.html", context)


def _current_values(form: Form, current: Any) -> list[tuple[str, Any]]:
    """What a stale edit is compared with: each visible field's current value, as shown."""
    out = []
    for name, field in form.fields.items():
        if not field.widget.is_hidden:
            shown = getattr(current, f"get_{name}_display", None)
            out.append((str(field.label), shown() if shown else getattr(current, name)))
    return out


def _refreshed(form: Form, current: Any, initial_of: Any) -> Form:
    """After a stale edit: the user's input kept, the version moved to the current one, so that
    saving again (after comparing) is a deliberate overwrite."""
    data = {**form.data}
    data["version"] = str(people.version_of(current))
    fresh = type(form)(data, initial=initial_of(current, people.version_of(current)))
    fresh.is_valid()
    for error in form.non_field_errors().as_data():
        fresh.add_error(None, error)
    return fresh


@login_required
def unit_delete(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = access.unit_for_office(request.user, unit_id)
    if request.method == "POST":
        try:
            people.unit_delete(actor=_actor(request), unit=unit)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("accounts:unit_list")
        messages.success(request, _("Unit %(name)s deleted.") % {"name": unit.name})
        return redirect("accounts:unit_list")
    context = {
        "organisation": unit.organisation,
        "object": unit,
        "tab": "units",
        "back": "accounts:unit_list",
    }
    return render(request, "accounts/object_delete.html", context)


# --- leaders -------------------------------------------------------------------------------------


@login_required
def leader_list(request: HttpRequest) -> HttpResponse:
    organisation = access.people_organisation(request.user)
    context = {"organisation": organisation, "leaders": selectors.leaders_of(organisation), "tab": "leaders"}
    return render(request, "accounts/leader_list.html", context)


@login_required
def leader_new(request: HttpRequest) -> HttpResponse:
    organisation = access.people_organisation(request.user)
    form = LeaderForm(request.POST or None)
    if request.method == "POST" and _apply(
        form,
        lambda: people.leader_create(actor=_actor(request), organisation=organisation, data=form.to_data()),
    ):
        messages.success(request, _("Leader %(name)s added.") % {"name": form.cleaned_data["name"].strip()})
        return redirect("accounts:leader_list")
    context = {"organisation": organisation, "form": form, "tab": "leaders", "title": _("Add a leader")}
    return _render_form(request, "accounts/object_form.html", context)


@login_required
def leader_edit(request: HttpRequest, leader_id: int) -> HttpResponse:
    leader = access.leader_for_office(request.user, leader_id)
    form = LeaderForm(request.POST or None, initial=LeaderForm.initial_of(leader, people.version_of(leader)))
    if request.method == "POST" and _apply(
        form,
        lambda: people.leader_update(
            actor=_actor(request), leader=leader, data=form.to_data(), version=form.cleaned_data["version"]
        ),
    ):
        messages.success(request, _("Leader %(name)s saved.") % {"name": form.cleaned_data["name"].strip()})
        return redirect("accounts:leader_list")
    current = Leader.objects.get(pk=leader.pk) if _stale(form) else None
    context = {
        "organisation": leader.organisation,
        "form": _refreshed(form, current, LeaderForm.initial_of) if current else form,
        "current": _current_values(form, current) if current else None,
        "tab": "leaders",
        "title": _("Edit leader %(name)s") % {"name": leader},
        "delete_url": ("accounts:leader_delete", leader.pk),
    }
    return _render_form(request, "accounts/object_form.html", context)


@login_required
def leader_delete(request: HttpRequest, leader_id: int) -> HttpResponse:
    leader = access.leader_for_office(request.user, leader_id)
    if request.method == "POST":
        try:
            people.leader_delete(actor=_actor(request), leader=leader)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("accounts:leader_list")
        messages.success(request, _("Leader %(name)s deleted.") % {"name": leader})
        return redirect("accounts:leader_list")
    context = {
        "organisation": leader.organisation,
        "object": leader,
        "tab": "leaders",
        "back": "accounts:leader_list",
    }
    return render(request, "accounts/object_delete.html", context)


# --- users ---------------------------------------------------------------------------------------


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    organisation = access.people_organisation(request.user)
    context = {"organisation": organisation, "people": selectors.people_of(organisation), "tab": "users"}
    return render(request, "accounts/user_list.html", context)


@login_required
def user_new(request: HttpRequest) -> HttpResponse:
    organisation = access.people_organisation(request.user)
    roles = services.grantable_roles(_actor(request))
    form = UserCreateForm(request.POST or None, organisation=organisation, roles=roles)
    made: list[User] = []

    def write() -> None:
        c = form.cleaned_data
        made.append(
            services.user_create(
                actor=_actor(request),
                organisation=organisation,
                username=c["username"],
                display_name=c["display_name"],
                password=c["password1"],
                role=c["role"],
                unit=c["unit"],
                leader=c["leader"],
            )
        )

    if request.method == "POST" and _apply(form, write):
        messages.success(request, _("User %(name)s created.") % {"name": made[0].username})
        return redirect("accounts:user_detail", user_id=made[0].pk)
    context = {"organisation": organisation, "form": form, "tab": "users", "title": _("Add a user")}
    return _render_form(request, "accounts/object_form.html", context)


def _user_page(
    request: HttpRequest,
    person: selectors.Person,
    *,
    role_form: RoleForm | None = None,
    password_form: PasswordForm | None = None,
    status: int = 200,
) -> HttpResponse:
    organisation = access.people_organisation(request.user)
    here = person.here
    initial = {"role": here.role, "unit": here.unit_id, "leader": here.leader_id} if here else {}
    roles = services.grantable_roles(_actor(request))
    context = {
        "organisation": organisation,
        "person": person,
        "account": person.user,
        "tab": "users",
        "role_form": role_form or RoleForm(initial=initial, organisation=organisation, roles=roles),
        "password_form": password_form or PasswordForm(),
        "history": selectors.role_history(person.user, organisation),
    }
    return render(request, "accounts/user_detail.html", context, status=status)


@login_required
def user_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    return _user_page(request, access.person_for_office(request.user, user_id))


@login_required
@require_POST
def user_role(request: HttpRequest, user_id: int) -> HttpResponse:
    person = access.person_for_office(request.user, user_id)
    organisation = access.people_organisation(request.user)
    roles = services.grantable_roles(_actor(request))
    form = RoleForm(request.POST, organisation=organisation, roles=roles)
    if _apply(
        form,
        lambda: services.membership_grant(
            actor=_actor(request),
            user=person.user,
            organisation=organisation,
            role=form.cleaned_data["role"],
            unit=form.cleaned_data["unit"],
            leader=form.cleaned_data["leader"],
        ),
    ):
        messages.success(request, _("Role of %(name)s saved.") % {"name": person.user})
        return redirect("accounts:user_detail", user_id=person.user.pk)
    return _user_page(request, person, role_form=form, status=400)


def _user_action(request: HttpRequest, user_id: int, write: Callable[..., None], done: str) -> HttpResponse:
    person = access.person_for_office(request.user, user_id)
    organisation = access.people_organisation(request.user)
    try:
        write(actor=_actor(request), user=person.user, organisation=organisation)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done % {"name": person.user})
    return redirect("accounts:user_detail", user_id=person.user.pk)


@login_required
@require_POST
def user_role_remove(request: HttpRequest, user_id: int) -> HttpResponse:
    return _user_action(request, user_id, services.membership_revoke, _("Role of %(name)s removed."))


@login_required
@require_POST
def user_active(request: HttpRequest, user_id: int) -> HttpResponse:
    active = request.POST.get("active") == "1"

    def write(**kwargs: Any) -> None:
        services.user_active_set(active=active, **kwargs)

    done = (
        _("%(name)s can sign in again.")
        if active
        else _("%(name)s is deactivated and can no longer sign in.")
    )
    return _user_action(request, user_id, write, done)


@login_required
@require_POST
def user_unlock(request: HttpRequest, user_id: int) -> HttpResponse:
    return _user_action(request, user_id, services.user_sign_in_unlock, _("Sign-in unlocked for %(name)s."))


@login_required
@require_POST
def user_password(request: HttpRequest, user_id: int) -> HttpResponse:
    person = access.person_for_office(request.user, user_id)
    organisation = access.people_organisation(request.user)
    form = PasswordForm(request.POST)
    if _apply(
        form,
        lambda: services.user_password_set(
            actor=_actor(request),
            user=person.user,
            organisation=organisation,
            password=form.cleaned_data["password1"],
        ),
    ):
        messages.success(request, _("New password of %(name)s set.") % {"name": person.user})
        return redirect("accounts:user_detail", user_id=person.user.pk)
    return _user_page(request, person, password_form=form, status=400)
