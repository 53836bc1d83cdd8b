"""Broken, huge or hostile files get a clear error and write nothing."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from luoshi.ledger import services
from luoshi.ledger.columns import COLUMNS
from luoshi.ledger.models import LedgerImport
from luoshi.ledger.tests.helpers import FIXTURES, apply, preview, xlsx_of
from luoshi.lib.xlsx import SheetSpec, write_xlsx
from luoshi.plans.models import Item
from luoshi.testing import PASSWORD, World

pytestmark = pytest.mark.django_db


def _refused(world: World, content: bytes, filename: str = "ledger.xlsx") -> str:
    before = Item.objects.count()
    imp = preview(world.plan, world.office, content, filename)
    assert imp.state == LedgerImport.State.FAILED
    assert not imp.can_apply
    assert Item.objects.count() == before
    return imp.error


def _refused_at_upload(world: World, content: bytes, filename: str = "ledger.xlsx") -> str:
    """Refused while the upload is answered: nothing is stored, no preview is queued."""
    with translation.override("en"), pytest.raises(ValidationError) as refusal:
        services.ledger_import_create(plan=world.plan, user=world.office, filename=filename, content=content)
    assert not LedgerImport.objects.exists()
    return " ".join(refusal.value.messages)


def test_it_refuses_a_file_that_is_not_a_workbook(world: World) -> None:
    assert "not an xlsx workbook" in _refused_at_upload(world, b"MZ\x90\x00 this is a program, not a ledger")


def test_it_refuses_a_damaged_workbook(world: World) -> None:
    content = xlsx_of(world.plan)
    assert "not an xlsx workbook" in _refused_at_upload(world, content[: len(content) // 2])


def test_it_refuses_a_workbook_without_its_parts(world: World) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
    assert "damaged" in _refused_at_upload(world, buf.getvalue())


def test_it_refuses_a_zip_bomb_before_inflating_it(world: World) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"\x00" * (20 * 1024 * 1024))
    assert len(buf.getvalue()) < 100_000
    assert "zip bomb" in _refused_at_upload(world, buf.getvalue())


def test_it_refuses_a_workbook_with_too_many_rows(world: World) -> None:
    def rows():  # type: ignore[no-untyped-def]
        yield [(h, -1) for _k, h in COLUMNS[:4]]
        for i in range(200_000):
            yield [(str(i), -1), (f"事项{i}", -1)]

    buf = io.BytesIO()
    write_xlsx([SheetSpec(name="台账", rows=rows())], [], buf)
    assert "more than" in _refused(world, buf.getvalue())


def test_it_refuses_a_workbook_without_a_ledger_header(world: World) -> None:
    buf = io.BytesIO()
    write_xlsx([SheetSpec(name="Sheet1", rows=iter([[("hello", -1), ("world", -1)]]))], [], buf)
    assert "header" in _refused(world, buf.getvalue())


def test_it_refuses_binary_content_posing_as_csv(world: World) -> None:
    assert "not a text" in _refused_at_upload(world, b"\x00\x01\x02binary" * 100, "ledger.csv")


def test_formulas_are_reported_row_by_row_and_block_the_import(world: World) -> None:
    imp = preview(world.plan, world.office, (FIXTURES / "formulas.xlsx").read_bytes())
    assert imp.state == LedgerImport.State.PREVIEWED
    assert imp.counts["error"] == 2
    assert all(any("formula" in e for e in r["errors"]) for r in imp.rows if r["fate"] == "error")
    assert not imp.can_apply
    before = Item.objects.count()
    imp = apply(imp, world.office)
    assert imp.state == LedgerImport.State.PREVIEWED and "errors" in imp.error
    assert Item.objects.count() == before


def test_formula_cells_in_csv_are_refused_too(world: World) -> None:
    content = "序号,工作任务,牵头单位,完成率\n1.,=cmd|' /C calc'!A0,单位甲,10%\n".encode()
    imp = preview(world.plan, world.office, content, "ledger.csv")
    assert imp.counts["error"] == 1 and not imp.can_apply


def test_it_refuses_other_file_types_and_oversized_uploads(world: World) -> None:
    with pytest.raises(ValidationError):
        services.ledger_import_create(plan=world.plan, user=world.office, filename="x.exe", content=b"MZ")
    with pytest.raises(ValidationError):
        services.ledger_import_create(
            plan=world.plan,
            user=world.office,
            filename="x.xlsx",
            content=b"0" * (services.MAX_UPLOAD_BYTES + 1),
        )
    assert not LedgerImport.objects.exists()


def test_a_huge_upload_is_refused_before_its_body_is_read(client: Client, world: World) -> None:
    assert client.login(username="office", password=PASSWORD)
    response = client.generic(
        "POST",
        f"/ledger/plans/{world.plan.code}/import/",
        b"x" * 10,
        content_type="multipart/form-data; boundary=BoUnDaRy",
        CONTENT_LENGTH=str(2 * 1024**3),
    )
    assert response.status_code == 413
    assert not LedgerImport.objects.exists()


def test_an_upload_between_the_limit_and_50_mb_is_answered_413(client: Client, world: World) -> None:
    assert client.login(username="office", password=PASSWORD)
    response = client.generic(
        "POST",
        f"/ledger/plans/{world.plan.code}/import/",
        b"x" * 10,
        content_type="multipart/form-data; boundary=BoUnDaRy",
        CONTENT_LENGTH=str(30 * 1024**2),
    )
    assert response.status_code == 413
    assert "20 MB" in response.content.decode()
    assert not LedgerImport.objects.exists()


def test_a_broken_workbook_is_answered_400_at_upload_with_the_reason(client: Client, world: World) -> None:
    assert client.login(username="office", password=PASSWORD)
    broken = io.BytesIO(b"PK\x03\x04 not really a workbook")
    broken.name = "ledger.xlsx"
    response = client.post(
        f"/ledger/plans/{world.plan.code}/import/", {"file": broken}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert "zip archive" in response.content.decode()
    assert not LedgerImport.objects.exists()
    empty = client.post(f"/ledger/plans/{world.plan.code}/import/", {})
    assert empty.status_code == 400
