"""Pages of 任务下发: the sender's list and detail, the receiver's inbox and its decision forms.
Views parse, fetch through ``luoshi.dispatch.access``, call one service and render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from luoshi.dispatch import access as dispatch_access
from luoshi.dispatch import selectors, services
from luoshi.dispatch.forms import AcceptForm, ReplyForm, ReturnForm, SendForm
from luoshi.dispatch.models import DispatchTarget
from luoshi.plans.models import Plan


def _add_errors(form: Any, exc: ValidationError) -> None:
    """A service's errors on the form: by field where the form has it, else above the form (an error
    about, say, the new item's alignment must not turn into a server error)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    dispatch_access.require_receiving_office(request.user)
    rows = selectors.inbox(request.user)
    awaiting = sum(1 for r in rows if r.awaits_decision)
    return render(request, "dispatch/inbox.html", {"rows": rows, "awaiting": awaiting})


@login_required
def sent(request: HttpRequest) -> HttpResponse:
    dispatch_access.require_dispatch_user(request.user)
    item_id = request.GET.get("item", "")
    dispatches = selectors.dispatches_sent(request.user, item_id=int(item_id) if item_id.isdigit() else None)
    item = dispatches[0].source_item if item_id.isdigit() and dispatches else None
    return render(request, "dispatch/sent.html", {"dispatches": dispatches, "item": item})


@login_required
def dispatch_new(request: HttpRequest, item_id: int) -> HttpResponse:
    item = dispatch_access.item_for_sending(request.user, item_id)
    sender = item.plan.organisation
    initial = {"title": item.title, "due_date": item.due_date, "body": item.description}
    form = SendForm(request.POST or None, initial=initial, sender=sender, item=item)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            dispatch = services.dispatch_send(
                user=request.user,  # type: ignore[arg-type]
                source_item=item,
                organisations=list(data["organisations"]),
                title=data["title"],
                body=data["body"],
                due_date=data["due_date"],
                with_subtree=bool(data.get("with_subtree")),
                kind=data["kind"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request,
                _("Sent to %(count)d organisations; their offices are told.")
                % {"count": dispatch.targets.count()},
            )
            return redirect("dispatch:dispatch_detail", dispatch_id=dispatch.pk)
    context = {"item": item, "plan": item.plan, "form": form, "sender": sender}
    return render(request, "dispatch/dispatch_new.html", context, status=400 if form.errors else 200)


@login_required
def dispatch_detail(request: HttpRequest, dispatch_id: int) -> HttpResponse:
    dispatch = dispatch_access.dispatch_for_sender(request.user, dispatch_id)
    context = {
        "dispatch": dispatch,
        "targets": selectors.dispatch_targets(request.user, dispatch),
        "is_office": dispatch_access.is_office_of(request.user, dispatch.sender_id),
    }
    return render(request, "dispatch/dispatch_detail.html", context)


@login_required
@require_POST
def dispatch_close(request: HttpRequest, dispatch_id: int) -> HttpResponse:
    dispatch = dispatch_access.dispatch_for_sender_office(request.user, dispatch_id)
    try:
        services.dispatch_close(user=request.user, dispatch=dispatch)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, pgettext("dispatch", "Notice closed."))
    return redirect("dispatch:dispatch_detail", dispatch_id=dispatch.pk)


# --- the receiver's side --------------------------------------------------------------------------


def _target_page(
    request: HttpRequest,
    target: DispatchTarget,
    *,
    status: int = 200,
    conflict: DispatchTarget | None = None,
    **forms: Any,
) -> HttpResponse:
    """The receiver's page: the task, its row, and the forms it can still use (bound ones kept)."""
    if conflict is not None:
        target = dispatch_access.target_for_receiver(request.user, target.pk)
    version = {"version": target.version}
    parent = selectors.suggested_parent(target)
    plans = list(
        Plan.objects.filter(organisation_id=target.organisation_id, archived_at__isnull=True).values_list(
            "pk", flat=True
        )[:2]
    )
    accept_initial = {**version, "parent": parent, "plan": parent.plan_id if parent else None}
    if parent is None and len(plans) == 1:
        accept_initial["plan"] = plans[0]
    context = {
        "target": target,
        "dispatch": target.dispatch,
        "conflict": conflict,
        "accept_form": forms.get("accept_form")
        or AcceptForm(initial=accept_initial, organisation_id=target.organisation_id),
        "return_form": forms.get("return_form") or ReturnForm(initial=version),
        "reply_form": forms.get("reply_form")
        or ReplyForm(initial={**version, "reply": target.reason if target.state == "replied" else ""}),
        "kept": forms.get("kept", {}),
    }
    return render(request, "dispatch/target_detail.html", context, status=status)


@login_required
def target_detail(request: HttpRequest, target_id: int) -> HttpResponse:
    target = dispatch_access.target_for_receiver(request.user, target_id)
    return _target_page(request, target)


def _kept(form: Any, current: DispatchTarget) -> Any:
    """The user's input again, bound to the current version so that it can be sent once more."""
    data = form.data.copy()
    data["version"] = str(current.version)
    return type(form)(
        data, **({"organisation_id": current.organisation_id} if isinstance(form, AcceptForm) else {})
    )


@login_required
@require_POST
def target_accept(request: HttpRequest, target_id: int) -> HttpResponse:
    target = dispatch_access.target_for_receiver(request.user, target_id)
    form = AcceptForm(request.POST, organisation_id=target.organisation_id)
    if not form.is_valid():
        return _target_page(request, target, accept_form=form, status=400)
    data = form.cleaned_data
    try:
        target = services.dispatch_accept(
            user=request.user,  # type: ignore[arg-type]
            target=target,
            expected_version=data["version"],
            plan=data["plan"],
            parent=data["parent"],
            lead_unit=data["lead_unit"],
            leader=data["leader"],
        )
    except services.DispatchConflictError as exc:
        messages.error(request, str(exc))
        kept = {"plan": data["plan"], "parent": data["parent"], "lead_unit": data["lead_unit"]}
        return _target_page(
            request, target, conflict=exc.current, accept_form=_kept(form, exc.current), kept=kept, status=409
        )
    except ValidationError as exc:
        _add_errors(form, exc)
        return _target_page(request, target, accept_form=form, status=400)
    messages.success(
        request, _("Accepted into %(plan)s as %(item)s.") % {"plan": data["plan"], "item": target.item}
    )
    return redirect("dispatch:target_detail", target_id=target.pk)


@login_required
@require_POST
def target_return(request: HttpRequest, target_id: int) -> HttpResponse:
    target = dispatch_access.target_for_receiver(request.user, target_id)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return _target_page(request, target, return_form=form, status=400)
    try:
        services.dispatch_return(
            user=request.user,  # type: ignore[arg-type]
            target=target,
            expected_version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
        )
    except services.DispatchConflictError as exc:
        messages.error(request, str(exc))
        kept = {"reason": form.cleaned_data["reason"]}
        return _target_page(
            request, target, conflict=exc.current, return_form=_kept(form, exc.current), kept=kept, status=409
        )
    except ValidationError as exc:
        _add_errors(form, exc)
        return _target_page(request, target, return_form=form, status=400)
    messages.success(request, _("Returned to %(sender)s.") % {"sender": target.dispatch.sender})
    return redirect("dispatch:target_detail", target_id=target.pk)


@login_required
@require_POST
def target_reply(request: HttpRequest, target_id: int) -> HttpResponse:
    target = dispatch_access.target_for_receiver(request.user, target_id)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        return _target_page(request, target, reply_form=form, status=400)
    try:
        services.dispatch_reply(
            user=request.user,  # type: ignore[arg-type]
            target=target,
            expected_version=form.cleaned_data["version"],
            reply=form.cleaned_data["reply"],
        )
    except services.DispatchConflictError as exc:
        messages.error(request, str(exc))
        kept = {"reply": form.cleaned_data["reply"]}
        return _target_page(
            request, target, conflict=exc.current, reply_form=_kept(form, exc.current), kept=kept, status=409
        )
    except ValidationError as exc:
        _add_errors(form, exc)
        return _target_page(request, target, reply_form=form, status=400)
    messages.success(request, _("Reply sent to %(sender)s.") % {"sender": target.dispatch.sender})
    return redirect("dispatch:target_detail", target_id=target.pk)
