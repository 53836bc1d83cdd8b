"""The ledger in: preview every row's fate, then apply it all in one transaction."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from luoshi.accounts.access import OFFICE_ITEM_FIELDS
from luoshi.accounts.models import User
from luoshi.ledger.bulk import bulk_insert_with_history, insert_history, snapshot_m2m, update_fields
from luoshi.ledger.columns import COLUMNS
from luoshi.ledger.models import LedgerImport
from luoshi.ledger.parse import LedgerFileError, ParsedRow, check_file, parse_file, rows_dump, rows_load
from luoshi.ledger.selectors import LedgerLine, ledger_lines, milestone_text
from luoshi.lib.numbering import number_key
from luoshi.plans import services as plan_services
from luoshi.plans.loader import next_root_number, path_number, path_step
from luoshi.plans.models import Item, Leader, Milestone, Plan, Unit
from luoshi.status import changes

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_STORED_ROWS = 5000
ALLOWED_SUFFIXES = (".xlsx", ".xlsm", ".csv")
HEADERS = dict(COLUMNS)
FIELD_LABELS = {
    "number": "序号",
    "title": "名称",
    "lead_unit": "牵头单位",
    "cooperating_units": "配合单位",
    "leader": "责任领导",
    "due_date": "完成时限",
    "milestones": "节点目标",
    "progress_note": "进展情况",
    "progress": "完成率",
}


STALE_PREVIEW = gettext_lazy(
    "The plan changed since this preview was made; preview the file again before applying."
)


class LedgerImportError(Exception):
    """The import cannot go ahead; the message says why and nothing was written."""


@dataclass
class RowFate:
    row: ParsedRow
    fate: str  # new, update, unchanged, error
    line: LedgerLine | None = None
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)


@dataclass
class Preview:
    fates: list[RowFate]
    counts: dict[str, int]
    digest: str
    new_units: list[str]
    new_leaders: list[str]
    lines: list[LedgerLine]


class _Names:
    """Units by name or short name, leaders by name; what the file names but the database lacks."""

    def __init__(self, plan: Plan) -> None:
        self.units: dict[str, str] = {}
        for name, short in Unit.objects.filter(organisation_id=plan.organisation_id).values_list(
            "name", "short_name"
        ):
            self.units[name] = name
            if short:
                self.units.setdefault(short, name)
        self.leaders = set(
            Leader.objects.filter(organisation_id=plan.organisation_id).values_list("name", flat=True)
        )
        self.new_units: set[str] = set()
        self.new_leaders: set[str] = set()

    def unit(self, name: str) -> str:
        if not name:
            return ""
        if name not in self.units:
            self.new_units.add(name)
            return name
        return self.units[name]

    def leader(self, name: str) -> str:
        if name and name not in self.leaders:
            self.new_leaders.add(name)
        return name


def _wanted(row: ParsedRow, names: _Names, is_leaf: bool) -> dict[str, Any]:
    """The item fields the row asks for (only the columns the file has)."""
    values = row.values
    wanted: dict[str, Any] = {"title": row.title}
    if row.number or not row.implied:
        wanted["number"] = row.number
    if "lead_unit" in row.present:
        wanted["lead_unit"] = names.unit(values.get("lead_unit", ""))
    if "cooperating_units" in row.present:
        wanted["cooperating_units"] = sorted({names.unit(u) for u in values.get("cooperating_units", [])})
    if "leader" in row.present:
        wanted["leader"] = names.leader(values.get("leader", ""))
    if "due_date" in row.present:
        wanted["due_date"] = values.get("due_date")
    if "milestones" in row.present:
        wanted["milestones"] = sorted(values.get("milestones", []))
    if "progress_text" in row.present:
        wanted["progress_note"] = values.get("progress_text", "")
    if "progress" in row.present and is_leaf and values.get("progress") is not None:
        wanted["progress"] = values["progress"]
    return wanted


def _current(line: LedgerLine) -> dict[str, Any]:
    return {
        "title": line.title,
        "number": line.number,
        "lead_unit": line.lead_unit,
        "cooperating_units": sorted(line.cooperating_units),
        "leader": line.leader,
        "due_date": line.due_date,
        "milestones": sorted(line.milestones),
        "progress_note": line.progress_note,
        "progress": line.progress,
    }


def _same(name: str, old: Any, new: Any) -> bool:
    if name == "number":
        return number_key(old) == number_key(new)
    if name == "progress_note":
        return str(old).strip() == str(new).strip()
    return bool(old == new)


def ledger_preview(
    *, plan: Plan, rows: list[ParsedRow], progress: Callable[[int], None] | None = None
) -> Preview:
    """Decide each row's fate against the plan as stored now. Reads only."""
    lines = ledger_lines(plan)
    by_id = {line.id: line for line in lines}
    # Siblings by title: a plan may have thousands of children under one item.
    children: dict[tuple[str, str], list[LedgerLine]] = defaultdict(list)
    for stored in lines:
        children[(stored.path[: -Item.steplen], stored.title)].append(stored)
    has_child_rows = {r.parent for r in rows if r.parent is not None}
    names = _Names(plan)
    matched: dict[int, LedgerLine | None] = {}
    used: set[int] = set()
    fates: list[RowFate] = []
    for index, row in enumerate(rows):
        line = _match(row, index, rows, matched, by_id, children, used)
        matched[index] = line
        if line is not None:
            used.add(line.id)
        if progress and index % 2000 == 0:
            progress(index)
        if row.errors:
            fates.append(RowFate(row, "error", line))
            continue
        is_leaf = index not in has_child_rows and (line is None or line.is_leaf)
        wanted = _wanted(row, names, is_leaf)
        if line is None:
            fates.append(RowFate(row, "new", None, {k: (None, v) for k, v in wanted.items()}))
            continue
        current = _current(line)
        changes = {k: (current[k], v) for k, v in wanted.items() if not _same(k, current[k], v)}
        fates.append(RowFate(row, "update" if changes else "unchanged", line, changes))
    counts = {fate: 0 for fate in ("new", "update", "unchanged", "error")}
    for f in fates:
        counts[f.fate] += 1
    signature = [
        (f.fate, f.line.id if f.line else None, f.line.version if f.line else None, sorted(f.changes))
        for f in fates
    ]
    digest = hashlib.sha256(json.dumps(signature, default=str).encode()).hexdigest()
    return Preview(fates, counts, digest, sorted(names.new_units), sorted(names.new_leaders), lines)


def _match(
    row: ParsedRow,
    index: int,
    rows: list[ParsedRow],
    matched: dict[int, LedgerLine | None],
    by_id: dict[int, LedgerLine],
    children: dict[tuple[str, str], list[LedgerLine]],
    used: set[int],
) -> LedgerLine | None:
    if row.parent is None:
        parent_path: str | None = ""
    else:
        parent_line = matched.get(row.parent)
        parent_path = parent_line.path if parent_line is not None else None
    if row.item_id is not None and row.item_id in by_id:
        line = by_id[row.item_id]
        if line.id in used:
            row.errors.append(_("系统编号 %(id)s appears twice.") % {"id": row.item_id})
            return None
        if parent_path is not None and line.path[: -Item.steplen] == parent_path:
            return line
    if parent_path is None:
        return None  # under a new item: new as well
    for candidate in children.get((parent_path, row.title), []):
        if candidate.id not in used:
            return candidate
    return None


def _row_summary(fate: RowFate) -> dict[str, Any]:
    return {
        "sheet": fate.row.sheet,
        "row": fate.row.row,
        "level": fate.row.level,
        "number": fate.row.number,
        "title": fate.row.title[:120],
        "fate": fate.fate,
        "errors": fate.row.errors,
        "warnings": fate.row.warnings[:3],
        "changes": [
            {"field": FIELD_LABELS.get(k, k), "old": _show(k, old), "new": _show(k, new)}
            for k, (old, new) in fate.changes.items()
            if fate.fate == "update"
        ],
    }


def _show(name: str, value: Any) -> str:
    if value is None:
        return ""
    if name == "milestones":
        return milestone_text(value)
    if name == "cooperating_units":
        return "、".join(value)
    if name == "progress":
        return f"{value}%"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)[:200]


# ---------------------------------------------------------------------------------------------


def ledger_import_create(*, plan: Plan, user: User, filename: str, content: bytes) -> LedgerImport:
    """Store an upload (``luoshi.ledger.tasks.ledger_import_upload`` then queues its preview). Refuses
    what is obviously not a ledger."""
    name = filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:200] or "ledger.xlsx"
    if not name.lower().endswith(ALLOWED_SUFFIXES):
        raise ValidationError(_("Upload an .xlsx workbook or a .csv file."))
    if len(content) > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is larger than %(mb)d MB.") % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}
        )
    if not content:
        raise ValidationError(_("The file is empty."))
    try:
        check_file(content, filename=name)
    except LedgerFileError as exc:
        raise ValidationError(str(exc)) from exc
    return LedgerImport.objects.create(plan=plan, created_by=user, filename=name, content=content)


def _set_progress(ledger_import: LedgerImport, **fields: Any) -> None:
    for key, value in fields.items():
        setattr(ledger_import, key, value)
    LedgerImport.objects.filter(pk=ledger_import.pk).update(**fields)


def ledger_import_preview(*, ledger_import: LedgerImport) -> Preview | None:
    """Read the stored file and record each row's fate. Writes nothing to the plan."""
    _set_progress(ledger_import, state=LedgerImport.State.READING, done=0, total=0, error="")
    plan = ledger_import.plan
    try:
        parsed = parse_file(bytes(ledger_import.content), filename=ledger_import.filename, year=_year(plan))
    except LedgerFileError as exc:
        _set_progress(ledger_import, state=LedgerImport.State.FAILED, error=str(exc))
        return None
    _set_progress(ledger_import, total=len(parsed.rows))
    preview = ledger_preview(
        plan=plan, rows=parsed.rows, progress=lambda n: _set_progress(ledger_import, done=n)
    )
    shown = [f for f in preview.fates if f.fate != "unchanged"][:MAX_STORED_ROWS]
    if len(shown) < MAX_STORED_ROWS:
        shown += [f for f in preview.fates if f.fate == "unchanged"][: MAX_STORED_ROWS - len(shown)]
    shown.sort(key=lambda f: (f.row.sheet, f.row.row))
    warnings = parsed.warnings + [_("New unit: %(name)s") % {"name": n} for n in preview.new_units]
    warnings += [_("New leader: %(name)s") % {"name": n} for n in preview.new_leaders]
    _set_progress(
        ledger_import,
        state=LedgerImport.State.PREVIEWED,
        parsed=rows_dump(parsed.rows),
        done=len(parsed.rows),
        counts=preview.counts,
        rows=[_row_summary(f) for f in shown],
        warnings=warnings[:200],
        digest=preview.digest,
    )
    return preview


def _year(plan: Plan) -> int:
    return plan.year or plan.end_date.year


@transaction.atomic
def ledger_import_apply(*, ledger_import: LedgerImport, user: User | None) -> dict[str, int]:
    """Write the previewed changes, all or nothing.

    The plan is re-read under lock and the preview recomputed; if anything changed since the
    office saw the preview (someone edited an item), nothing is written.
    """
    plan = Plan.objects.select_for_update().get(pk=ledger_import.plan_id)
    list(Item.objects.select_for_update().filter(plan=plan).values_list("id", flat=True))
    stored = LedgerImport.objects.filter(pk=ledger_import.pk).values_list("parsed", flat=True).first()
    if stored:
        rows = rows_load(bytes(stored))
    else:
        try:
            rows = parse_file(
                bytes(ledger_import.content), filename=ledger_import.filename, year=_year(plan)
            ).rows
        except LedgerFileError as exc:
            raise LedgerImportError(str(exc)) from exc
    preview = ledger_preview(plan=plan, rows=rows)
    if preview.counts["error"]:
        raise LedgerImportError(_("The file has rows with errors; correct them and upload it again."))
    if preview.digest != ledger_import.digest:
        raise LedgerImportError(
            _("The plan changed since this preview was made; preview the file again before applying.")
        )
    units = _ensure_units(plan, preview.new_units)
    leaders = _ensure_leaders(plan, preview.new_leaders)
    today = plan.today()
    created = _create_items(plan, preview, units, leaders, user, today)
    updated = _update_items(plan, preview, units, leaders, today, user)
    touched = [f.line.id for f in preview.fates if f.fate == "update" and f.line is not None]
    new_leaves = Item.objects.filter(plan=plan, path__in=created, numchild=0).values_list("pk", flat=True)
    if created:
        plan_services.plan_adopt_numbering(plan=plan)  # rows that came without a number get one
    # The one recompute step: roll-ups, colours by the plan's rules, colour history, dashboard figures.
    changes.items_changed(plan=plan, item_ids=[*touched, *new_leaves])
    return {"new": len(created), "update": updated, "unchanged": preview.counts["unchanged"]}


def _ensure_units(plan: Plan, new_names: list[str]) -> dict[str, Unit]:
    for name in new_names:
        plan_services.unit_get_or_create(name=name[:128], organisation=plan.organisation)
    units: dict[str, Unit] = {}
    for unit in Unit.objects.filter(organisation_id=plan.organisation_id):
        units[unit.name] = unit
        if unit.short_name:
            units.setdefault(unit.short_name, unit)
    return units


def _ensure_leaders(plan: Plan, new_names: list[str]) -> dict[str, Leader]:
    for name in new_names:
        Leader.objects.get_or_create(organisation_id=plan.organisation_id, name=name[:64], position="")
    leaders: dict[str, Leader] = {}
    for leader in Leader.objects.filter(organisation_id=plan.organisation_id).order_by(
        "position", "-id"
    ):  # a leader with a position wins
        leaders[leader.name] = leader
    return leaders


def _kind(level: int) -> str:
    return Item.Kind.PILLAR if level == 1 else Item.Kind.TASK if level == 2 else Item.Kind.MEASURE


def _create_items(
    plan: Plan,
    preview: Preview,
    units: dict[str, Unit],
    leaders: dict[str, Leader],
    user: User | None,
    today: dt.date,
) -> list[str]:
    fates = preview.fates
    path_of: dict[int, str] = {}
    last_child: dict[str, int] = {}
    for line in preview.lines:
        parent = line.path[: -Item.steplen]
        last_child[parent] = max(last_child.get(parent, 0), path_number(line.path[-Item.steplen :]))
    next_root = [next_root_number()]
    new: list[tuple[RowFate, Item]] = []
    grown: dict[str, int] = defaultdict(int)
    for index, fate in enumerate(fates):
        if fate.line is not None:
            path_of[index] = fate.line.path
            continue
        row = fate.row
        if row.parent is None:
            path = path_step(next_root[0])
            next_root[0] += 1
        else:
            parent_path = path_of[row.parent]
            number = last_child.get(parent_path, 0) + 1
            last_child[parent_path] = number
            path = parent_path + path_step(number)
            grown[parent_path] += 1
        path_of[index] = path
        wanted = {k: v for k, (_old, v) in fate.changes.items()}
        item = Item(
            plan=plan,
            path=path,
            depth=len(path) // Item.steplen,
            numchild=0,
            kind=_kind(row.level),
            number=wanted.get("number", "")[:16],
            title=row.title[:300],
            progress_note=wanted.get("progress_note", ""),
            lead_unit=units.get(wanted.get("lead_unit", "")),
            leader=leaders.get(wanted.get("leader", "")),
            start_date=plan.start_date,
            due_date=wanted.get("due_date"),
            weight=Decimal(1),
            progress=wanted.get("progress", 0) or 0,
        )
        new.append((fate, item))
    if not new:
        return []
    for _fate, item in new:
        item.numchild = grown.get(item.path, 0)
    _rollup_new([item for _f, item in new], today)
    stored = {line.path: line for line in preview.lines}
    for parent_path, count in grown.items():
        if parent_path in stored:
            Item.objects.filter(plan=plan, path=parent_path).update(numchild=F("numchild") + count)
    bulk_insert_with_history([item for _f, item in new], Item, scope={"plan_id": plan.pk}, user=user)
    through = Item.cooperating_units.through
    links, stones = [], []
    for fate, item in new:
        wanted = {k: v for k, (_old, v) in fate.changes.items()}
        links += [through(item_id=item.pk, unit_id=units[u].pk) for u in wanted.get("cooperating_units", [])]
        stones += [Milestone(item_id=item.pk, due_date=d, title=t) for d, t in wanted.get("milestones", [])]
    through.objects.bulk_create(links, batch_size=5000, ignore_conflicts=True)
    snapshot_m2m(Item, [item for _f, item in new])  # the links came after the "+" records
    bulk_insert_with_history(stones, Milestone, scope={"item__plan_id": plan.pk}, user=user)
    return [item.path for _f, item in new]


def _rollup_new(items: list[Item], today: dt.date) -> None:
    """Progress and status of new items before they are written: a new item's children are all new."""
    kids: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        kids[item.path[: -Item.steplen]].append(item)
    for item in sorted(items, key=lambda i: -i.depth):
        children = kids.get(item.path, [])
        weight = sum((k.weight for k in children), Decimal(0))
        if weight:
            total = sum((k.weight * k.progress for k in children), Decimal(0))
            item.progress = int((total / weight).to_integral_value())


def _update_items(
    plan: Plan,
    preview: Preview,
    units: dict[str, Unit],
    leaders: dict[str, Leader],
    today: dt.date,
    user: User | None,
) -> int:
    """Write the changed rows. A row that changes cooperating units goes through the plan service
    (item_update); the others, often thousands of progress figures in a monthly ledger, are
    written in bulk with the same checks (the version read at preview), history records ("~") and
    a single roll-up of their ancestors afterwards."""
    updates = [f for f in preview.fates if f.fate == "update" and f.line is not None]
    one_by_one = [f for f in updates if "cooperating_units" in f.changes]
    in_bulk = [f for f in updates if "cooperating_units" not in f.changes]
    for fate in one_by_one:
        assert fate.line is not None
        try:
            plan_services.item_update(
                item_id=fate.line.id,
                expected_version=fate.line.version,
                data=_service_data(fate, units, leaders),
                allowed_fields={*OFFICE_ITEM_FIELDS, "progress_note"},
            )
        except plan_services.ConflictError as exc:
            raise LedgerImportError(str(STALE_PREVIEW)) from exc
    _bulk_update(in_bulk, units, leaders, today, user)
    for fate in updates:
        if "milestones" in fate.changes and fate.line is not None:
            _replace_milestones(fate.line.id, fate.changes["milestones"][1])
    return len(updates)


def _service_data(fate: RowFate, units: dict[str, Unit], leaders: dict[str, Leader]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name, (_old, new) in fate.changes.items():
        if name == "lead_unit":
            data[name] = units.get(new) if new else None
        elif name == "leader":
            data[name] = leaders.get(new) if new else None
        elif name == "cooperating_units":
            data[name] = [units[u] for u in new]
        elif name != "milestones":
            data[name] = new
    return data


def _bulk_update(
    fates: list[RowFate],
    units: dict[str, Unit],
    leaders: dict[str, Leader],
    today: dt.date,
    user: User | None,
) -> list[Item]:
    ids = [f.line.id for f in fates if f.line is not None]
    items: dict[int, Item] = {}
    for start in range(0, len(ids), 500):
        items.update(Item.objects.in_bulk(ids[start : start + 500]))
    now = timezone.now()
    groups: dict[tuple[str, ...], list[Item]] = defaultdict(list)
    for fate in fates:
        assert fate.line is not None
        item = items[fate.line.id]
        if item.version != fate.line.version:
            raise LedgerImportError(str(STALE_PREVIEW))
        names = []
        for name, value in _service_data(fate, units, leaders).items():
            setattr(item, name, value)
            names.append(f"{name}_id" if name in ("lead_unit", "leader") else name)
        if not names:
            continue
        item.version += 1
        item.updated_at = now
        groups[tuple(sorted(names))].append(item)
    changed: list[Item] = []
    for fields, group in groups.items():
        update_fields(group, Item, [*fields, "version", "updated_at"])
        changed += group
    insert_history(changed, Item, user=user, history_type="~")
    return changed


def _replace_milestones(item_id: int, wanted: list[tuple[dt.date, str]]) -> None:
    keep = list(wanted)
    for stone in Milestone.objects.filter(item_id=item_id):
        key = (stone.due_date, stone.title)
        if key in keep:
            keep.remove(key)
        else:
            stone.delete()
    for due, title in keep:
        Milestone.objects.create(item_id=item_id, due_date=due, title=title)


def ledger_import_run_apply(*, ledger_import: LedgerImport, user: User | None) -> None:
    """Apply and record the outcome on the import (for the task and the page)."""
    _set_progress(ledger_import, state=LedgerImport.State.APPLYING, error="")
    try:
        result = ledger_import_apply(ledger_import=ledger_import, user=user)
    except (LedgerImportError, ValidationError) as exc:
        message = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        _set_progress(ledger_import, state=LedgerImport.State.PREVIEWED, error=message)
        return
    counts = dict(ledger_import.counts)
    counts["applied"] = result
    _set_progress(
        ledger_import,
        state=LedgerImport.State.APPLIED,
        counts=counts,
        applied_at=timezone.now(),
        content=b"",
        parsed=None,
    )
