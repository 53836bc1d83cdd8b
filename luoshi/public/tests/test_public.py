"""The public page shows what a plan publishes and nothing else; it is anonymous and cacheable."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from luoshi.comments import services as comments
from luoshi.notices import services as notices
from luoshi.plans.models import Item, Leader, Plan
from luoshi.public import services
from luoshi.public.models import Publication
from luoshi.reports import services as reports
from luoshi.reports.services import ReportData
from luoshi.status import changes
from luoshi.status.services import status_override_set
from luoshi.testing import PlanFactory, World, make_item, make_world

pytestmark = pytest.mark.django_db

MARKERS = {
    "leader": "LEAKLEADER",
    "leader_position": "LEAKPOSITION",
    "contact_person": "LEAKCONTACT",
    "contact_phone": "13900000042",
    "description": "LEAKDESCRIPTION",
    "progress_note": "LEAKNOTE",
    "report": "LEAKREPORT",
    "report_problem": "LEAKPROBLEM",
    "attachment": "LEAKFILE",
    "notice": "LEAKNOTICE",
    "notice_requirement": "LEAKREQUIREMENT",
    "user": "LEAKUSERNAME",
    "override": "LEAKOVERRIDE",
    "plan_description": "LEAKPLANTEXT",
    "deep_item": "LEAKDEEPITEM",
    "milestone": "LEAKMILESTONE",
    "comment": "LEAKCOMMENT",
}


def _private_world() -> tuple[World, Item]:
    world = make_world()
    plan = world.plan
    Plan.objects.filter(pk=plan.pk).update(description=MARKERS["plan_description"])
    leader = Leader.objects.create(
        organisation=plan.organisation, name=MARKERS["leader"], position=MARKERS["leader_position"]
    )
    world.unit_a.contact_person, world.unit_a.contact_phone = (
        MARKERS["contact_person"],
        MARKERS["contact_phone"],
    )
    world.unit_a.save(update_fields=["contact_person", "contact_phone"])
    world.reporter_a.display_name = MARKERS["user"]
    world.reporter_a.save(update_fields=["display_name"])
    item = changes.item_update(
        item_id=world.item_a.pk,
        expected_version=world.item_a.version,
        data={"leader": leader, "description": MARKERS["description"]},
        allowed_fields={"leader", "description"},
    )
    Item.objects.filter(pk=item.pk).update(progress_note=MARKERS["progress_note"])
    item.milestones.create(title=MARKERS["milestone"], due_date=dt.date(2020, 3, 1))
    deep = make_item(plan, Item.objects.get(pk=item.pk), title=MARKERS["deep_item"], lead_unit=world.unit_a)
    report = reports.report_draft_save(
        item=Item.objects.get(pk=deep.pk),
        user=world.reporter_a,
        period=dt.date(2020, 9, 1),
        data=ReportData(work_done=MARKERS["report"], problems=MARKERS["report_problem"], progress=30),
    )
    reports.attachment_add(
        report=report,
        user=world.reporter_a,
        upload=SimpleUploadedFile(f"{MARKERS['attachment']}.pdf", b"%PDF-1.4 x", "application/pdf"),
    )
    reports.report_submit(report=report, user=world.reporter_a)
    notices.notice_issue(
        item=Item.objects.get(pk=world.item_b.pk),
        user=world.office,
        units=[world.unit_b],
        title=MARKERS["notice"],
        requirement=MARKERS["notice_requirement"],
        deadline=dt.date(2020, 10, 30),
    )
    comments.comment_add(
        user=world.office, item=Item.objects.get(pk=world.item_a.pk), body=MARKERS["comment"]
    )
    status_override_set(
        item=Item.objects.get(pk=world.item_b.pk),
        user=world.office,
        status="red",
        reason=MARKERS["override"],
        expires_on=dt.date(2020, 12, 31),
    )
    return world, deep


def _pages(client: Client, plan: Plan) -> dict[str, str]:
    out = {}
    for url in ("/public/", f"/public/{plan.code}/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert not response.cookies, f"{url} set cookies {list(response.cookies)}"
        assert "csrfmiddlewaretoken" not in response.content.decode()
        out[url] = response.content.decode()
    return out


def test_it_shows_published_items_and_nothing_private() -> None:
    world, deep = _private_world()
    services.publication_save(plan=world.plan, enabled=True, levels=2)
    pages = _pages(Client(), world.plan)
    for url, html in pages.items():
        leaked = [name for name, marker in MARKERS.items() if marker in html]
        assert not leaked, f"{url} shows {leaked}"
    html = pages[f"/public/{world.plan.code}/"]
    for item in Item.objects.filter(plan=world.plan, depth__lte=2):
        assert item.title in html
    assert world.unit_a.name in html  # lead units are public bodies
    assert world.plan.name in pages["/public/"]
    # An item below the published depth is not reachable by any public address either.
    assert Client().get(f"/public/{world.plan.code}/{deep.pk}/").status_code == 404


def test_it_shows_three_levels_when_chosen() -> None:
    world, deep = _private_world()
    services.publication_save(plan=world.plan, enabled=True, levels=3)
    html = Client().get(f"/public/{world.plan.code}/").content.decode()
    assert MARKERS["deep_item"] in html
    services.publication_save(plan=world.plan, enabled=True, levels=1)
    html = Client().get(f"/public/{world.plan.code}/").content.decode()
    assert world.pillar.title in html and world.item_a.title not in html


def test_an_unpublished_plan_is_the_same_404_as_a_missing_one() -> None:
    world = make_world()
    client = Client()
    assert client.get(f"/public/{world.plan.code}/").status_code == 404
    services.publication_save(plan=world.plan, enabled=True, levels=2)
    assert client.get(f"/public/{world.plan.code}/").status_code == 200
    services.publication_save(plan=world.plan, enabled=False, levels=2)
    missing = client.get("/public/no-such-plan/")
    hidden = client.get(f"/public/{world.plan.code}/")
    assert hidden.status_code == missing.status_code == 404
    assert not hidden.cookies and hidden.content == missing.content
    assert world.plan.name not in client.get("/public/").content.decode()


def test_it_is_cacheable_and_answers_304_until_the_plan_changes(
    django_assert_max_num_queries: object,
) -> None:
    world = make_world()
    services.publication_save(plan=world.plan, enabled=True, levels=2)
    client = Client()
    url = f"/public/{world.plan.code}/"
    with django_assert_max_num_queries(2):  # type: ignore[operator]
        first = client.get(url)
    assert "public" in first["Cache-Control"] and "max-age=300" in first["Cache-Control"]
    assert "Cookie" not in first.get("Vary", "")
    etag = first["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    changes.item_update(
        item_id=world.item_a.pk,
        expected_version=world.item_a.version,
        data={"progress": 90},
        allowed_fields={"progress"},
    )
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    with django_assert_max_num_queries(2):  # type: ignore[operator]
        listing = client.get("/public/")
    assert client.get("/public/", HTTP_IF_NONE_MATCH=listing["ETag"]).status_code == 304


def test_it_groups_plans_of_all_organisations() -> None:
    from luoshi.testing import make_organisation

    world = make_world()
    other = make_organisation("别的县", code="public-other")
    other_plan = PlanFactory(organisation=other, name="别的县方案")
    make_item(other_plan, None, title="别的县事项")
    for plan in (world.plan, other_plan):
        services.publication_save(plan=plan, enabled=True, levels=1)
    html = Client().get("/public/").content.decode()
    assert html.count('data-testid="public-org"') == 2
    assert "别的县方案" in html and world.plan.name in html


def test_only_the_plans_office_sets_the_public_page() -> None:
    world = make_world()
    url = f"/public/{world.plan.code}/settings/"
    reporter, leader, office = Client(), Client(), Client()
    reporter.force_login(world.reporter_a)
    leader.force_login(world.leader)
    office.force_login(world.office)
    for client in (reporter, leader):
        assert client.post(url, {"enabled": "on", "levels": "2"}).status_code in (403, 404)
    assert not Publication.objects.exists()
    assert office.post(url, {"enabled": "on", "levels": "9"}).status_code == 400
    assert not Publication.objects.exists()
    assert office.post(url, {"enabled": "on", "levels": "3"}).status_code == 302
    publication = Publication.objects.get(plan=world.plan)
    assert publication.enabled and publication.levels == 3 and publication.published_at is not None
