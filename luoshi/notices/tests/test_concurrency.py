"""Several reporters of one unit answer the same notice at once: one reply goes in, the others are
refused with 409 and keep their text; none overwrites another (PostgreSQL, real threads)."""

from __future__ import annotations

import datetime as dt

import pytest

from luoshi.notices import services
from luoshi.notices.models import NoticeTarget
from luoshi.reports.tests.test_concurrency import (
    ROUNDS,
    THREADS,
    Tally,
    clients_for,
    post,
    postgres_only,
    race,
)
from luoshi.testing import UserFactory, World


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_replies_of_one_unit_lose_nothing(world: World) -> None:
    notice = services.notice_issue(
        item=world.item_a,
        user=world.office,
        units=[world.unit_a],
        title="关于加快甲的事项进度的督办单",
        requirement="请报送整改措施",
        deadline=dt.date(2020, 10, 10),
    )
    target = NoticeTarget.objects.get(notice=notice, unit=world.unit_a)
    reporters = [UserFactory(username=f"a{i}", role="reporter", unit=world.unit_a) for i in range(THREADS)]
    clients = [clients_for(r, 1)[0] for r in reporters]
    tally = Tally("notice reply")
    url = f"/notices/{notice.pk}/reply/"
    for n in range(ROUNDS):
        version = NoticeTarget.objects.get(pk=target.pk).version
        texts = [f"第{n}轮 回复{i}" for i in range(THREADS)]
        answers = race(
            [post(c, url, {"reply": t, "version": version}) for c, t in zip(clients, texts, strict=True)]
        )
        done = tally.count(answers)
        saved = NoticeTarget.objects.get(pk=target.pk)
        if done and saved.reply != texts[done[-1]]:
            tally.lost += 1
        services.notice_reply_return(target=saved, user=world.office, reason="请补充材料")
    tally.report()
