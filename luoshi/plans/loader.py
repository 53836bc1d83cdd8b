"""Load a plan file (format ``luoshi-plan/1``, documented in docs/plan-format.md) into the database.

Loading is one transaction: a file with any error writes nothing. Items are inserted in bulk with
their materialised paths computed here, so a 50,000-item plan loads in seconds.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from luoshi.organisations.models import Organisation, default_organisation
from luoshi.plans.history import delete_with_history, history_m2m_snapshot
from luoshi.plans.models import Indicator, Item, Leader, Milestone, Plan, Unit

FORMAT = "luoshi-plan/1"
ITEM_KINDS = {k.value for k in Item.Kind}


class PlanFileError(ValueError):
    """The plan file is malformed; the message says where."""


@dataclass
class LoadResult:
    plan: Plan
    items: int = 0
    units: int = 0
    leaders: int = 0
    milestones: int = 0
    indicators: int = 0
    replaced: bool = False
    warnings: list[str] = field(default_factory=list)


def _date(value: Any, where: str) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise PlanFileError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from exc


def _decimal(value: Any, where: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation as exc:
        raise PlanFileError(f"{where}: {value!r} is not a number") from exc


def path_step(number: int) -> str:
    """The treebeard path step for the ``number``-th node (1-based) among its siblings."""
    alphabet = Item.alphabet
    base = len(alphabet)
    digits = ""
    while number:
        number, rem = divmod(number, base)
        digits = alphabet[rem] + digits
    if len(digits) > Item.steplen:
        raise PlanFileError("too many siblings under one item")
    return digits.rjust(Item.steplen, alphabet[0])


def path_number(step: str) -> int:
    return int(step, len(Item.alphabet))


def next_root_number() -> int:
    last = Item.objects.get_last_root_node()
    return path_number(last.path) + 1 if last is not None else 1


def read_plan_file(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PlanFileError(f"cannot read {path}: {exc}") from exc
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PlanFileError(f"{path} is not UTF-8 JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise PlanFileError("the top level must be an object")
    return data


@dataclass
class _Pending:
    item: Item
    coop: list[str]
    milestones: list[Mapping[str, Any]]
    indicators: list[Mapping[str, Any]]


class _Builder:
    def __init__(
        self, plan: Plan, units: dict[str, Unit], leaders: dict[str, Leader], today: dt.date
    ) -> None:
        self.plan, self.units, self.leaders, self.today = plan, units, leaders, today
        self.pending: list[_Pending] = []
        # Per plan code: each title of that plan's items and the ids of the items bearing it.
        self.above: dict[str, dict[str, list[int]]] = {}

    def aligned(self, spec: Any, where: str) -> int | None:
        """The id of the item of an ancestor organisation's plan that ``spec`` ({"plan", "title"}) names."""
        if not spec:
            return None
        if not isinstance(spec, dict) or not spec.get("plan") or not spec.get("title"):
            raise PlanFileError(f'{where}: "aligned_to" needs the "plan" code and the "title" of an item')
        code, title = str(spec["plan"]), str(spec["title"]).strip()
        if code not in self.above:
            self.above[code] = self._titles_of(code, where)
        ids = self.above[code].get(title, [])
        if len(ids) != 1:
            problem = "no item" if not ids else "more than one item"
            raise PlanFileError(f"{where}: aligned_to: {problem} titled {title!r} in plan {code!r}")
        return ids[0]

    def _titles_of(self, code: str, where: str) -> dict[str, list[int]]:
        target = Plan.objects.select_related("organisation").filter(code=code).first()
        if target is None:
            raise PlanFileError(f"{where}: aligned_to: no plan {code!r}")
        if not target.organisation.is_ancestor_of(self.plan.organisation):
            raise PlanFileError(
                f"{where}: aligned_to: plan {code!r} is not of an organisation above this plan's"
            )
        titles: dict[str, list[int]] = {}
        for pk, title in Item.objects.filter(plan=target).values_list("pk", "title").order_by():
            titles.setdefault(title, []).append(pk)
        return titles

    def unit(self, name: Any, where: str) -> Unit | None:
        if not name:
            return None
        try:
            return self.units[str(name)]
        except KeyError as exc:
            raise PlanFileError(f'{where}: unknown unit {name!r} (list it under "units")') from exc

    def leader(self, name: Any, where: str) -> Leader | None:
        if not name:
            return None
        try:
            return self.leaders[str(name)]
        except KeyError as exc:
            raise PlanFileError(f'{where}: unknown leader {name!r} (list it under "leaders")') from exc

    def walk(self, nodes: Any, parent_path: str, first_number: int, where: str) -> Iterator[None]:
        if not isinstance(nodes, list):
            raise PlanFileError(f'{where}: "items"/"children" must be a list')
        for index, node in enumerate(nodes):
            here = f"{where}[{index}]"
            if not isinstance(node, dict) or not str(node.get("title", "")).strip():
                raise PlanFileError(f"{here}: every item needs a title")
            kind = node.get("kind", "task")
            if kind not in ITEM_KINDS:
                raise PlanFileError(f"{here}: kind {kind!r} is not one of {sorted(ITEM_KINDS)}")
            progress = int(node.get("progress", 0) or 0)
            if not 0 <= progress <= 100:
                raise PlanFileError(f"{here}: progress must be 0..100")
            children = node.get("children", [])
            path = parent_path + path_step(first_number + index)
            item = Item(
                plan=self.plan,
                path=path,
                depth=len(path) // Item.steplen,
                numchild=len(children) if isinstance(children, list) else 0,
                kind=kind,
                number=str(node.get("number", ""))[:16],
                title=str(node["title"]).strip()[:300],
                description=str(node.get("description", "")),
                lead_unit=self.unit(node.get("lead_unit"), here),
                leader=self.leader(node.get("leader"), here),
                start_date=_date(node.get("start_date"), here) or self.plan.start_date,
                due_date=_date(node.get("due_date"), here),
                weight=_decimal(node.get("weight", 1), here) or Decimal(1),
                progress=progress,
                planned_investment=_decimal(node.get("planned_investment"), here),
                completed_investment=_decimal(node.get("completed_investment"), here),
                location=str(node.get("location", ""))[:200],
                source_quote=str(node.get("source_quote", "")),
                aligned_to_id=self.aligned(node.get("aligned_to"), here),
            )
            coop = [str(u) for u in node.get("cooperating_units", [])]
            for name in coop:
                self.unit(name, here)
            self.pending.append(_Pending(item, coop, node.get("milestones", []), node.get("indicators", [])))
            yield None
            yield from self.walk(children, path, 1, f"{here}.children")


def _rollup(pending: list[_Pending], today: dt.date) -> None:
    """Parents' progress is the weighted mean of their children's, deepest first."""
    kids: dict[str, list[Item]] = {}
    for p in pending:
        kids.setdefault(p.item.path[: -Item.steplen], []).append(p.item)
    for item in sorted((p.item for p in pending), key=lambda i: -i.depth):
        children = kids.get(item.path, [])
        weight = sum((k.weight for k in children), Decimal(0))
        if weight:
            item.progress = int(
                (sum((k.weight * k.progress for k in children), Decimal(0)) / weight).to_integral_value()
            )


def _organisation(meta: Mapping[str, Any], organisation: Organisation | None) -> Organisation:
    """Whose plan it is: the organisation given, else the file's ``organisation_code``, else the default."""
    if organisation is not None:
        return organisation
    code = meta.get("organisation_code")
    if code:
        found = Organisation.objects.filter(code=code).first()
        if found is None:
            raise PlanFileError(f"plan.organisation_code {code!r}: no such organisation")
        return found
    return default_organisation()


def _plan_create(meta: Any, *, replace: bool, organisation: Organisation | None) -> tuple[Plan, bool]:
    if not isinstance(meta, dict) or not meta.get("code") or not meta.get("name"):
        raise PlanFileError('"plan" needs at least a code and a name')
    start = _date(meta.get("start_date"), "plan.start_date")
    end = _date(meta.get("end_date"), "plan.end_date")
    if start is None or end is None or end < start:
        raise PlanFileError("plan.start_date and plan.end_date are required, start before end")
    owner = _organisation(meta, organisation)
    replaced = False
    existing = Plan.objects.filter(code=meta["code"]).first()
    if existing is not None:
        if not replace:
            raise PlanFileError(f"a plan with code {meta['code']!r} already exists (use --replace)")
        if existing.organisation_id != owner.pk:
            raise PlanFileError(f"the plan with code {meta['code']!r} belongs to another organisation")
        delete_with_history(Item.objects.filter(plan=existing))
        delete_with_history(Plan.objects.filter(pk=existing.pk))
        replaced = True
    plan = Plan.objects.create(
        code=meta["code"],
        name=meta["name"],
        organisation=owner,
        # Files written before organisations named the issuer "organisation".
        issuer=str(meta.get("issuer") or meta.get("organisation") or "")[:128],
        year=meta.get("year"),
        start_date=start,
        end_date=end,
        source_title=meta.get("source_title", ""),
        source_url=meta.get("source_url", ""),
        description=meta.get("description", ""),
        status_date=_date(meta.get("status_date"), "plan.status_date"),
        is_demo=bool(meta.get("is_demo", False)),
    )
    return plan, replaced


@transaction.atomic
def plan_load(
    data: Mapping[str, Any],
    *,
    replace: bool = False,
    today: dt.date | None = None,
    into: Plan | None = None,
    organisation: Organisation | None = None,
) -> LoadResult:
    """Create the plan described by ``data``; with ``replace`` an existing plan of that code is replaced.

    With ``into``, the file's items are added to that existing plan after its last pillar instead,
    and the file's "plan" section is ignored. The plan, its units and leaders belong to
    ``organisation`` (or the file's ``organisation_code``, or the install's default organisation).
    """
    if data.get("format") != FORMAT:
        raise PlanFileError(f'"format" must be {FORMAT!r}')
    if into is not None:
        plan, replaced = into, False
    else:
        plan, replaced = _plan_create(data.get("plan"), replace=replace, organisation=organisation)
    is_demo = plan.is_demo
    today = today or plan.today()
    result = LoadResult(plan=plan, replaced=replaced)
    units: dict[str, Unit] = {}
    for index, spec in enumerate(data.get("units", [])):
        if not isinstance(spec, dict) or not spec.get("name"):
            raise PlanFileError(f"units[{index}]: a unit needs a name")
        unit, created = Unit.objects.get_or_create(
            organisation_id=plan.organisation_id,
            name=spec["name"],
            defaults={
                "short_name": spec.get("short_name", ""),
                "kind": spec.get("kind", Unit.Kind.DEPARTMENT),
                "is_demo": bool(spec.get("is_demo", is_demo)),
            },
        )
        result.units += int(created)
        units[unit.name] = unit
        if unit.short_name:
            units.setdefault(unit.short_name, unit)
    leaders: dict[str, Leader] = {}
    for index, spec in enumerate(data.get("leaders", [])):
        if not isinstance(spec, dict) or not spec.get("name"):
            raise PlanFileError(f"leaders[{index}]: a leader needs a name")
        leader, created = Leader.objects.get_or_create(
            organisation_id=plan.organisation_id,
            name=spec["name"],
            position=spec.get("position", ""),
            defaults={"is_demo": bool(spec.get("is_demo", is_demo))},
        )
        result.leaders += int(created)
        leaders[leader.name] = leader
    builder = _Builder(plan, units, leaders, today)
    for _step in builder.walk(data.get("items", []), "", next_root_number(), "items"):
        pass
    _rollup(builder.pending, today)
    items = [p.item for p in builder.pending]
    started = timezone.now()
    bulk_create_with_history(items, Item, batch_size=2000)
    saved = {i.path: i for i in Item.objects.filter(plan=plan).only("id", "path")}
    through = Item.cooperating_units.through
    links, milestones, indicators = [], [], []
    for p in builder.pending:
        item_id = saved[p.item.path].pk
        links += [through(item_id=item_id, unit_id=units[name].pk) for name in p.coop]
        for j, m in enumerate(p.milestones):
            where = f"milestone {p.item.title}[{j}]"
            due = _date(m.get("due_date"), where)
            if due is None or not m.get("title"):
                raise PlanFileError(f"{where}: needs a title and a due_date")
            milestones.append(
                Milestone(
                    item_id=item_id,
                    title=m["title"],
                    due_date=due,
                    completed_on=_date(m.get("completed_on"), where),
                )
            )
        for j, ind in enumerate(p.indicators):
            where = f"indicator {p.item.title}[{j}]"
            if not ind.get("name"):
                raise PlanFileError(f"{where}: needs a name")
            indicators.append(
                Indicator(
                    item_id=item_id,
                    name=ind["name"],
                    unit=ind.get("unit", ""),
                    baseline=_decimal(ind.get("baseline"), where),
                    target=_decimal(ind.get("target"), where),
                    actual=_decimal(ind.get("actual"), where),
                )
            )
    through.objects.bulk_create(links, batch_size=5000)
    added = Item.history.filter(plan_id=plan.pk, history_type="+", history_date__gte=started)  # type: ignore[attr-defined]
    history_m2m_snapshot(Item, added.values_list("history_id", "id"))
    bulk_create_with_history(milestones, Milestone, batch_size=2000)
    bulk_create_with_history(indicators, Indicator, batch_size=2000)
    result.items, result.milestones, result.indicators = len(items), len(milestones), len(indicators)
    return result
