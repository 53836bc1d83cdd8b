"""Comments and 批注 on items and reports: who may write, edit and delete; mentions notify units."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from luoshi.comments import services
from luoshi.comments.models import Comment
from luoshi.notifications.models import Notification
from luoshi.reports import services as reports
from luoshi.reports.services import ReportData
from luoshi.testing import World, make_organisation, make_world

pytestmark = pytest.mark.django_db


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _submitted_report(world: World) -> reports.Report:
    report = reports.report_draft_save(
        item=world.item_a,
        user=world.reporter_a,
        period=dt.date(2020, 9, 1),
        data=ReportData(work_done="已完成"),
    )
    return reports.report_submit(report=report, user=world.reporter_a)


def test_it_refuses_another_organisations_item_and_writes_nothing(world: World) -> None:
    other = make_world(make_organisation("别的县", code="comments-other"), key="2")
    url = f"/comments/items/{world.item_a.pk}/"
    client = _client(other.office)
    assert client.post(url, {"body": "越界"}).status_code == 404
    assert client.get(url).status_code == 404
    assert client.get(f"{url}?fragment=1").status_code == 404
    assert not Comment.objects.exists()


def test_a_reporter_of_unit_b_may_not_comment_on_unit_as_report(world: World) -> None:
    report = _submitted_report(world)
    url = f"/comments/reports/{report.pk}/"
    assert _client(world.reporter_b).post(url, {"body": "别的单位"}).status_code == 404
    assert (
        _client(world.reporter_b).post(f"/comments/items/{world.item_a.pk}/", {"body": "x"}).status_code
        == 404
    )
    assert not Comment.objects.exists()
    # The thread itself is read by everyone who reads the report.
    assert _client(world.reporter_b).get(f"{url}?fragment=1").status_code == 200
    assert _client(world.reporter_a).post(url, {"body": "本单位补充"}).status_code == 302
    assert _client(world.office).post(url, {"body": "督查室意见"}).status_code == 302
    assert list(Comment.objects.values_list("body", flat=True)) == ["本单位补充", "督查室意见"]
    html = _client(world.leader).get(f"{url}?fragment=1").content.decode()
    assert "本单位补充" in html and "督查室意见" in html


def test_a_mention_notifies_the_units_reporters_only(world: World) -> None:
    client = _client(world.office)
    response = client.post(
        f"/comments/items/{world.item_a.pk}/", {"body": f"请@{world.unit_b.name} 配合，@不存在的单位"}
    )
    assert response.status_code == 302 and response["Location"].endswith("#comments")
    comment = Comment.objects.get()
    assert list(comment.mentions.all()) == [world.unit_b]
    notes = Notification.objects.filter(key__startswith="comment:")
    assert [n.user for n in notes] == [world.reporter_b]
    assert notes[0].url.endswith(f"#comment-{comment.pk}") and world.item_a.title in notes[0].title
    # Mentioning the unit again when editing does not notify twice; a new unit is told.
    services.comment_edit(
        comment=comment, user=world.office, body=f"@{world.unit_b.short_name} 与 @{world.unit_a.name} 配合"
    )
    assert sorted(n.user.username for n in Notification.objects.filter(key__startswith="comment:")) == [
        world.reporter_a.username,
        world.reporter_b.username,
    ]


def test_only_the_office_or_a_leader_writes_an_annotation(world: World) -> None:
    url = f"/comments/items/{world.item_a.pk}/"
    response = _client(world.reporter_a).post(url, {"body": "批注？", "annotation": "on"})
    assert response.status_code == 400
    assert "只有督查室和领导".encode() in response.content
    assert not Comment.objects.exists()
    assert _client(world.leader).post(url, {"body": "领导批注", "annotation": "on"}).status_code == 302
    assert _client(world.office).post(url, {"body": "普通意见"}).status_code == 302
    assert list(Comment.objects.values_list("body", "is_annotation")) == [
        ("领导批注", True),
        ("普通意见", False),
    ]
    html = _client(world.reporter_a).get(f"/items/{world.item_a.pk}/").content.decode()
    assert 'class="comment annotation"' in html and 'data-testid="annotation"' in html
    assert 'name="annotation"' not in html  # a reporter is not offered the box


def test_the_author_edits_within_the_window_and_the_office_deletes_any(world: World) -> None:
    comment = services.comment_add(user=world.reporter_a, item=world.item_a, body="初稿")
    edit = f"/comments/{comment.pk}/edit/"
    assert _client(world.reporter_b).post(edit, {"body": "别人的"}).status_code == 404
    assert _client(world.office).post(edit, {"body": "督查室改"}).status_code == 404
    assert _client(world.reporter_a).post(edit, {"body": "改过"}).status_code == 302
    comment.refresh_from_db()
    assert comment.body == "改过" and comment.edited_at is not None
    late = timezone.now() + dt.timedelta(minutes=16)
    with pytest.raises(ValidationError):
        services.comment_edit(comment=comment, user=world.reporter_a, body="太晚", now=late)
    with pytest.raises(ValidationError):
        services.comment_delete(comment=comment, user=world.reporter_a, now=late)
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - dt.timedelta(minutes=16))
    assert _client(world.reporter_a).post(edit, {"body": "太晚"}).status_code == 400
    delete = f"/comments/{comment.pk}/delete/"
    assert _client(world.reporter_a).post(delete).status_code == 400
    assert _client(world.leader).post(delete).status_code == 404
    assert _client(world.office).post(delete).status_code == 302
    comment.refresh_from_db()
    assert comment.deleted_at is not None and comment.body == "改过"
    html = _client(world.reporter_b).get(f"/items/{world.item_a.pk}/").content.decode()
    assert "改过" not in html and "已删除" in html


def test_the_thread_shows_the_time_in_the_sites_time_zone(world: World) -> None:
    comment = services.comment_add(user=world.office, item=world.item_a, body="时间")
    moment = dt.datetime(2020, 9, 30, 16, 30, tzinfo=dt.UTC)  # 00:30 the next day in Beijing
    Comment.objects.filter(pk=comment.pk).update(created_at=moment)
    html = _client(world.office).get(f"/comments/items/{world.item_a.pk}/?fragment=1").content.decode()
    assert "2020-10-01 00:30" in html


def test_the_report_page_loads_its_thread_from_the_comments_room(world: World) -> None:
    report = _submitted_report(world)
    html = _client(world.office).get(f"/reports/{report.pk}/").content.decode()
    assert f'data-comments-src="/comments/reports/{report.pk}/?fragment=1"' in html
    fragment = _client(world.office).get(f"/comments/reports/{report.pk}/?fragment=1").content.decode()
    assert fragment.lstrip().startswith('<section class="card comments"') and "<html" not in fragment


def test_the_item_page_names_the_units_contacts(world: World) -> None:
    world.unit_a.contact_person, world.unit_a.contact_phone = "王联络", "0357-1234567"
    world.unit_a.save(update_fields=["contact_person", "contact_phone"])
    html = _client(world.reporter_b).get(f"/items/{world.item_a.pk}/").content.decode()
    assert "联系人：王联络" in html and 'href="tel:0357-1234567"' in html
