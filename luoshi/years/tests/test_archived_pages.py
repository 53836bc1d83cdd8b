"""An archived plan's pages show the read-only banner and offer the office no edit controls; its
comment threads are read-only."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from luoshi.comments import services as comments
from luoshi.comments.models import Comment
from luoshi.plans.models import Plan, PlanArchivedError
from luoshi.testing import World, login

pytestmark = pytest.mark.django_db

EDIT_LINKS = ("/edit/", "/move/", "/delete/", "/reorder/", "/override", "?parent=")


@pytest.fixture
def archived(world: World) -> World:
    comment = comments.comment_add(user=world.office, item=world.item_a, body="请抓紧")
    Plan.objects.filter(pk=world.plan.pk).update(archived_at=timezone.now())
    world.plan.refresh_from_db()
    world.comment = comment  # type: ignore[attr-defined]
    return world


def test_the_tree_and_item_pages_show_the_banner_and_no_edit_controls(archived: World) -> None:
    office = login(Client(), archived.office)
    tree = office.get(reverse("web:plan_tree", args=[archived.plan.code])).content.decode()
    item = office.get(reverse("web:item_detail", args=[archived.item_a.pk])).content.decode()
    for page in (tree, item):
        assert 'data-testid="archived-banner"' in page and "已归档（只读）" in page
        assert archived.plan.archived_at is not None
        assert timezone.localdate(archived.plan.archived_at).isoformat() in page
        assert reverse("web:item_new", args=[archived.plan.code]) not in page
        assert not [link for link in EDIT_LINKS if link in page], [
            link for link in EDIT_LINKS if link in page
        ]
    assert 'data-testid="ledger-import"' not in tree and 'data-testid="ledger-export"' in tree
    reporter = login(Client(), archived.reporter_a).get(reverse("web:item_detail", args=[archived.item_a.pk]))
    assert reverse("web:item_edit", args=[archived.item_a.pk]) not in reporter.content.decode()
    assert reverse("reports:report_start", args=[archived.item_a.pk]) not in reporter.content.decode()


def test_an_open_plan_still_offers_the_controls(world: World) -> None:
    office = login(Client(), world.office)
    tree = office.get(reverse("web:plan_tree", args=[world.plan.code])).content.decode()
    item = office.get(reverse("web:item_detail", args=[world.item_a.pk])).content.decode()
    assert 'data-testid="archived-banner"' not in tree + item
    assert reverse("web:item_new", args=[world.plan.code]) in tree and "/reorder/" in tree
    assert reverse("web:item_move", args=[world.item_a.pk]) in item


def test_comment_threads_of_an_archived_plan_are_read_only(archived: World) -> None:
    w = archived
    before = list(Comment.objects.order_by("pk").values())
    comment = w.comment  # type: ignore[attr-defined]
    for write in (
        lambda: comments.comment_add(user=w.office, item=w.item_a, body="再催"),
        lambda: comments.comment_edit(comment=comment, user=w.office, body="改"),
        lambda: comments.comment_delete(comment=comment, user=w.office),
    ):
        with pytest.raises(PlanArchivedError):
            write()
    response = login(Client(), w.office).post(
        reverse("comments:item_thread", args=[w.item_a.pk]), {"body": "再催"}
    )
    assert response.status_code == 400 and "已归档" in response.content.decode()
    page = login(Client(), w.office).get(reverse("web:item_detail", args=[w.item_a.pk])).content.decode()
    assert "请抓紧" in page and reverse("comments:item_thread", args=[w.item_a.pk]) not in page
    assert list(Comment.objects.order_by("pk").values()) == before
