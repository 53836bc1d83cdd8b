"""Random sequences of the real services on a small plan; after every step every figure agrees.

Invariants checked after each step:
- every parent's progress is the weighted roll-up of its children;
- every item's colour and reason equal the rules' verdict for the plan's date;
- this period's colour history holds each item's current colour;
- the tree's counts, the dashboard's counts (plan, pillars, units), the drill-down's lists and a
  bulletin's figures built now agree;
- every acknowledged write is in the data and in the item's history.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from collections import Counter
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule
from openpyxl import load_workbook

from luoshi.accounts.models import User
from luoshi.bulletins.services import bulletin_data
from luoshi.commands import daily
from luoshi.dashboard import selectors as dashboard
from luoshi.ledger.models import LedgerImport
from luoshi.ledger.tests.helpers import apply as ledger_apply
from luoshi.ledger.tests.helpers import preview as ledger_preview
from luoshi.ledger.tests.helpers import xlsx_of
from luoshi.plans.models import Item, Milestone, Plan, Status, Unit
from luoshi.reports import services as report_services
from luoshi.reports.models import Report, ReportDue
from luoshi.status import changes, services
from luoshi.status.models import PeriodSummary, StatusRecord
from luoshi.testing import World, make_world

pytestmark = pytest.mark.django_db

# Bounded for the test command; set LUOSHI_INVARIANT_EXAMPLES to search longer.
STEPS = 15
EXAMPLES = int(os.environ.get("LUOSHI_INVARIANT_EXAMPLES", "20"))


class PlanFigures(RuleBasedStateMachine):
    """The plan of a county office, changed by the services the pages, the API and the worker call."""

    @initialize()
    def setup(self) -> None:
        self.world: World = make_world()
        self.plan: Plan = self.world.plan
        self.acknowledged: dict[int, dict[str, object]] = {}

    def teardown(self) -> None:
        # Examples share the test's transaction: remove this one's world before the next.
        Plan.objects.filter(pk=self.plan.pk).delete()
        User.objects.all().delete()
        Unit.objects.all().delete()

    # --- helpers -------------------------------------------------------------------------------

    def _items(self) -> list[Item]:
        return list(Item.objects.filter(plan=self.plan).order_by("path"))

    def _pick(self, index: int, *, leaves: bool = False, parents: bool = False) -> Item | None:
        items = self._items()
        if leaves:
            items = [i for i in items if i.numchild == 0]
        if parents:
            items = [i for i in items if i.depth < 3]
        return items[index % len(items)] if items else None

    # --- rules: the real services --------------------------------------------------------------

    @rule(index=st.integers(0, 50), title=st.sampled_from(["新建项目", "配套措施", "专项行动"]))
    def add_item(self, index: int, title: str) -> None:
        parent = self._pick(index, parents=True)
        data = {
            "title": title,
            "kind": Item.Kind.TASK,
            "lead_unit": self.world.unit_a if index % 2 else self.world.unit_b,
            "start_date": dt.date(2020, 1, 1),
            "due_date": dt.date(2020, 12, 31) if index % 3 else dt.date(2020, 8, 31),
        }
        changes.item_create(plan=self.plan, parent=parent, data=data)
        if parent is not None:
            # From now on its progress is its sub-items' roll-up; the reported value is in its history.
            self.acknowledged.get(parent.pk, {}).pop("progress", None)

    @rule(index=st.integers(0, 50), progress=st.integers(0, 100), weight=st.sampled_from([1, 2, 3]))
    def edit_item(self, index: int, progress: int, weight: int) -> None:
        item = self._pick(index)
        if item is None:
            return
        data: dict[str, object] = {"progress": progress, "weight": Decimal(weight)}
        if item.numchild:
            if progress != item.progress:
                with pytest.raises(ValidationError):  # a roll-up is not typed in: said, not dropped
                    changes.item_update(
                        item_id=item.pk, expected_version=item.version, data=data, allowed_fields=set(data)
                    )
            del data["progress"]
        updated = changes.item_update(
            item_id=item.pk, expected_version=item.version, data=data, allowed_fields=set(data)
        )
        self.acknowledged[updated.pk] = {"weight": Decimal(weight)}
        if item.numchild == 0:
            self.acknowledged[updated.pk]["progress"] = progress

    @rule(index=st.integers(0, 50), stale=st.booleans())
    def edit_with_a_stale_version(self, index: int, stale: bool) -> None:
        item = self._pick(index, leaves=True)
        if item is None or not stale:
            return
        with pytest.raises(changes.ConflictError):
            changes.item_update(
                item_id=item.pk,
                expected_version=item.version - 1,
                data={"progress": (item.progress + 7) % 100},
                allowed_fields={"progress"},
            )

    @rule(index=st.integers(0, 50), dest_index=st.integers(0, 50))
    def move_item(self, index: int, dest_index: int) -> None:
        item, dest = self._pick(index), self._pick(dest_index, parents=True)
        if item is None or dest is None or item.depth == 1:
            return
        try:
            changes.item_move(item=item, target=dest, position="last-child")
        except ValidationError:
            return  # into itself: refused, nothing written
        self.acknowledged.get(dest.pk, {}).pop("progress", None)

    @precondition(lambda self: Item.objects.filter(plan=self.plan).count() > 3)
    @rule(index=st.integers(0, 50))
    def delete_item(self, index: int) -> None:
        item = self._pick(index)
        if item is None or item.depth == 1:
            return
        gone = set(
            Item.objects.filter(plan=self.plan, path__startswith=item.path).values_list("pk", flat=True)
        )
        changes.item_delete(item=item)
        for pk in gone:
            self.acknowledged.pop(pk, None)

    @rule(index=st.integers(0, 50), progress=st.integers(0, 100), approve=st.booleans())
    def report_cycle(self, index: int, progress: int, approve: bool) -> None:
        item = self._pick(index, leaves=True)
        if item is None or item.lead_unit_id is None:
            return
        user = self.world.reporter_a if item.lead_unit_id == self.world.unit_a.pk else self.world.reporter_b
        period = self.plan.current_period()
        existing = Report.objects.filter(item=item, period=period).order_by("-version").first()
        if existing is not None and existing.state != Report.State.DRAFT:
            return
        report = report_services.report_draft_save(
            item=item,
            user=user,
            period=period,
            data=report_services.ReportData(work_done="本月推进", progress=progress),
            report=existing,
        )
        report = report_services.report_submit(report=report, user=user)
        if approve:
            report_services.report_approve(report=report, user=self.world.office)
            self.acknowledged.setdefault(item.pk, {})["progress"] = progress
        else:
            report_services.report_return(report=report, user=self.world.office, reason="数据不实")

    @rule(index=st.integers(0, 50), colour=st.sampled_from([Status.GREEN, Status.YELLOW, Status.RED]))
    def override(self, index: int, colour: str) -> None:
        item = self._pick(index)
        if item is None:
            return
        services.status_override_set(
            item=item,
            user=self.world.office,
            status=colour,
            reason="现场核查",
            expires_on=dt.date(2020, 12, 31),
        )

    @rule(index=st.integers(0, 50))
    def clear_override(self, index: int) -> None:
        item = self._pick(index)
        if item is not None:
            services.status_override_clear(item=item)

    @rule(index=st.integers(0, 50), progress=st.integers(0, 100))
    def import_a_ledger(self, index: int, progress: int) -> None:
        """The office exports the ledger, a unit changes one leaf's 完成率 in Excel, the office imports it."""
        item = self._pick(index, leaves=True)
        if item is None:
            return
        wb = load_workbook(io.BytesIO(xlsx_of(self.plan)))
        ws = wb.worksheets[0]
        header = [c.value for c in ws[2]]
        id_col, rate_col = header.index("系统编号"), header.index("完成率")
        for row in ws.iter_rows(min_row=3):
            if str(row[id_col].value) == str(item.pk):
                row[rate_col].value = progress / 100
        out = io.BytesIO()
        wb.save(out)
        imp = ledger_apply(ledger_preview(self.plan, self.world.office, out.getvalue()), self.world.office)
        assert imp.state == LedgerImport.State.APPLIED, (imp.state, imp.error)
        self.acknowledged.setdefault(item.pk, {})["progress"] = progress

    @rule(index=st.integers(0, 50), late=st.booleans(), done=st.booleans())
    def edit_a_milestone(self, index: int, late: bool, done: bool) -> None:
        item = self._pick(index, leaves=True)
        if item is None:
            return
        due = dt.date(2020, 8, 1) if late else dt.date(2020, 11, 30)
        Milestone.objects.update_or_create(
            item=item, title="节点目标", defaults={"due_date": due, "completed_on": due if done else None}
        )
        changes.items_changed(plan=self.plan, item_ids=[item.pk])

    @rule()
    def daily_run(self) -> None:
        daily.supervision_run(plan=self.plan)

    # --- invariants ----------------------------------------------------------------------------

    @invariant()
    def parents_are_weighted_roll_ups(self) -> None:
        items = self._items()
        kids: dict[str, list[Item]] = {}
        for item in items:
            kids.setdefault(item.path[: -Item.steplen], []).append(item)
        for item in items:
            children = kids.get(item.path)
            if children:
                expected = services.weighted_progress([(c.progress, c.weight) for c in children])
                assert item.progress == expected, (item, item.progress, expected)
                assert item.numchild == len(children)

    @invariant()
    def colours_follow_the_rules(self) -> None:
        today = self.plan.today()
        items = self._items()
        ctx = services.rating_context(self.plan, today)
        kids: dict[str, list[Item]] = {}
        for item in items:
            kids.setdefault(item.path[: -Item.steplen], []).append(item)
        for item in items:
            verdict = services.item_verdict(item, kids.get(item.path, []), today, ctx)
            assert (item.status, item.status_code, item.status_params) == (
                verdict.status,
                verdict.code,
                verdict.params,
            ), item

    @invariant()
    def this_periods_history_holds_the_current_colours(self) -> None:
        period = self.plan.current_period()
        records = dict(
            StatusRecord.objects.filter(plan=self.plan, period=period).values_list("item_id", "status")
        )
        for pk, status in Item.objects.filter(plan=self.plan).values_list("pk", "status"):
            assert records.get(pk) == status, (pk, records.get(pk), status)

    @invariant()
    def every_page_counts_the_same(self) -> None:
        items = self._items()
        tree = Counter(i.status for i in items)
        board = dashboard.dashboard(self.plan)
        for colour in ("red", "yellow", "green", "done", "none"):
            assert board["counts"][colour] == tree[colour], colour
            listed, _applied = dashboard.drilldown(self.plan, {"status": colour})
            assert listed.count() == tree[colour]
        assert board["trend"][-1]["red"] == tree["red"]
        for row in board["pillars"]:
            pillar = row["item"]
            under = Counter(i.status for i in items if i.path.startswith(pillar.path))
            assert all(row[c] == under[c] for c in ("red", "yellow", "green", "done")), pillar
        for row in board["units"]:
            led = Counter(i.status for i in items if i.lead_unit_id == row["unit"].pk)
            assert all(row[c] == led[c] for c in ("red", "yellow", "green", "done")), row["unit"]
            listed, _applied = dashboard.drilldown(self.plan, {"unit": str(row["unit"].pk), "status": "red"})
            assert listed.count() == led["red"]
            dues = ReportDue.objects.filter(
                plan=self.plan, unit=row["unit"], period__lte=self.plan.current_period()
            )
            for outcome in ("on_time", "late", "missing"):
                assert row[f"{outcome}_total"] == dues.filter(outcome=outcome).count(), (row["unit"], outcome)
        bulletin = bulletin_data(self.plan)
        assert {c: bulletin["counts"][c] for c in tree} == dict(tree)
        for row, pillar in zip(bulletin["pillars"], board["pillars"], strict=True):
            assert all(row[c] == pillar[c] for c in ("red", "yellow", "green", "done"))
        lagging = {(r["item"], r["status"]) for r in bulletin["lagging"]}
        assert all(status in ("red", "yellow") for _i, status in lagging)
        # The colour history of this period adds up to the tree, so the period's counts, once frozen
        # for the trend, are the figures that were shown.
        services.summaries_from_records(plan=self.plan, period=self.plan.current_period())
        summary = PeriodSummary.objects.get(
            plan=self.plan, period=self.plan.current_period(), scope="plan", key=0
        )
        assert (summary.red, summary.yellow, summary.green) == (tree["red"], tree["yellow"], tree["green"])

    @invariant()
    def acknowledged_writes_are_kept(self) -> None:
        current = {i.pk: i for i in self._items()}
        for pk, fields in self.acknowledged.items():
            item = current[pk]
            for name, value in fields.items():
                if name == "progress" and item.numchild:
                    continue  # a parent's progress is its roll-up; its reported value is in history
                assert getattr(item, name) == value, (item, name)
            if "progress" in fields and not item.numchild:
                assert item.history.filter(progress=fields["progress"]).exists()


PlanFigures.TestCase.settings = settings(
    max_examples=EXAMPLES,
    stateful_step_count=STEPS,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
TestPlanFigures = PlanFigures.TestCase
