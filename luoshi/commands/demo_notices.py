"""Sample notices, instructions, a bulletin and an assessment for the demo, in every state worth seeing."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from luoshi.accounts.models import Role, User
from luoshi.assessment import services as services_assessment
from luoshi.bulletins import services as services_bulletins
from luoshi.notices import services as notices
from luoshi.notices.models import DocumentSeries, Instruction, Notice, NoticeTarget
from luoshi.plans.models import Item, Plan, Status

# The demo plan's notices continue a year's numbering, as a county office's would.
FIRST_NUMBER = 11


def _reporter(unit_id: int) -> User | None:
    return User.objects.filter(role=Role.REPORTER, unit_id=unit_id, is_active=True).order_by("pk").first()


def _items(plan: Plan, unit_short_names: list[str]) -> list[Item]:
    """Lagging leaf items led by the demo reporters' units first, then any lagging leaf."""
    lagging = Item.objects.filter(
        plan=plan, numchild=0, status__in=[Status.RED, Status.YELLOW]
    ).select_related("lead_unit")
    mine = [i for i in lagging.order_by("path") if i.lead_unit and i.lead_unit.short_name in unit_short_names]
    others = [i for i in lagging.order_by("-status", "path") if i not in mine and i.lead_unit_id]
    return [*mine, *others]


@transaction.atomic
def demo_notices(*, plan: Plan, unit_short_names: list[str]) -> int:
    """Fill the demo plan (once): a notice from a leader's instruction awaiting review, one with an
    extension request, one returned, revised, accepted and closed; praise; a bulletin; the scores."""
    if Notice.objects.filter(plan=plan).exists():
        return 0
    # The office and a leader acting in the plan's own organisation.
    people = User.objects.filter(organisation_id=plan.organisation_id, is_active=True).order_by("pk")
    office = people.filter(role=Role.OFFICE).first()
    leader = people.filter(role=Role.LEADER).first()
    items = _items(plan, unit_short_names)
    if office is None or leader is None or len(items) < 3:
        return 0
    today = plan.today()
    notices.document_series_set(
        plan=plan,
        kind=DocumentSeries.Kind.NOTICE,
        prefix=notices.default_prefix(plan, DocumentSeries.Kind.NOTICE),
        year=today.year,
        last_number=FIRST_NUMBER,
    )
    first, second, third = items[:3]

    instruction = notices.instruction_write(
        item=first, user=leader, text="进度明显滞后，请督查室跟踪督办，月底前拿出整改措施。"
    )
    made = [
        notices.notice_issue(
            item=first,
            user=office,
            units=[first.lead_unit] if first.lead_unit else [],
            instruction=instruction,
            title=f"关于加快{first.title}进度的督办单",
            requirement=instruction.text,
            deadline=today + dt.timedelta(days=10),
        )
    ]
    target = NoticeTarget.objects.get(notice=made[0])
    reporter = _reporter(target.unit_id)
    if reporter is not None:
        notices.notice_acknowledge(target=target, user=reporter)
        notices.notice_reply(
            target=target,
            user=reporter,
            text="已召开专题会议，明确责任人和时间表，10月底前完成年度目标的80%。",
        )

    made.append(
        notices.notice_issue(
            item=second,
            user=office,
            units=[second.lead_unit] if second.lead_unit else [],
            title=f"关于{second.title}节点目标滞后的督办单",
            requirement="请说明滞后原因，报送整改措施和完成时限。",
            deadline=today + dt.timedelta(days=2),
        )
    )
    target = NoticeTarget.objects.get(notice=made[1])
    reporter = _reporter(target.unit_id)
    if reporter is not None:
        notices.notice_acknowledge(target=target, user=reporter)
        notices.notice_extension_request(
            target=target,
            user=reporter,
            deadline=today + dt.timedelta(days=15),
            reason="涉及征地补偿，需与乡镇共同核实后答复。",
        )

    made.append(
        notices.notice_issue(
            item=third,
            user=office,
            units=[third.lead_unit] if third.lead_unit else [],
            title=f"关于{third.title}的督办单",
            requirement="请报送投资完成佐证材料。",
            deadline=today + dt.timedelta(days=5),
        )
    )
    target = NoticeTarget.objects.get(notice=made[2])
    reporter = _reporter(target.unit_id)
    if reporter is not None:
        notices.notice_reply(target=target, user=reporter, text="已完成投资1200万元。")
        notices.notice_reply_return(
            target=target, user=office, reason="缺少佐证材料，请补充发票和形象进度照片。"
        )
        notices.notice_reply(target=target, user=reporter, text="已补充发票复印件和形象进度照片。")
        notices.notice_reply_accept(target=target, user=office, note="材料齐全。")
        notices.notice_close(notice=made[2], user=office)
    notices.notices_remind(plan=plan, today=today)

    done = Item.objects.filter(plan=plan, numchild=0, status=Status.DONE, lead_unit__isnull=False).first()
    if done is not None:
        notices.instruction_write(
            item=done, user=leader, text="按期高质量完成，值得肯定。", kind=Instruction.Kind.PRAISE
        )
    services_bulletins.bulletin_generate(plan=plan, user=office)
    services_assessment.assessment_compute(plan=plan, user=office)
    return len(made)
