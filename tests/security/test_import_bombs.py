"""Excel import against hostile workbooks (issue 17.3): size limits before anything is read,
unpacked size, shared strings and rows capped before openpyxl works through them, and malformed
XML, entity bombs and XXE answered with a clear 400, never a 500 or a stuck worker."""

from __future__ import annotations

import io
import time
import zipfile
from typing import Any

import openpyxl
import pytest
from django.test import Client

from assessments.excel import workbook_export
from assessments.models import Answer
from tests.assessments.conftest import World
from tests.factories import sign_in

SHEET = "xl/worksheets/sheet3.xml"  # t-general (after _trustcheck and t-screening)


def _rewrite(data: bytes, members: dict[str, bytes], level: int = 9) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as target,
    ):
        for info in source.infolist():
            if info.filename not in members:
                target.writestr(info.filename, source.read(info.filename))
        for name, body in members.items():
            target.writestr(name, body)
    return out.getvalue()


def _with_shared_strings(data: bytes, strings: bytes) -> bytes:
    """The workbook with a shared-strings part declared in [Content_Types].xml (our exports write
    inline strings; Excel writes shared strings)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        types = archive.read("[Content_Types].xml")
    override = (
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
        b'officedocument.spreadsheetml.sharedStrings+xml"/>'
    )
    types = types.replace(b"</Types>", override + b"</Types>")
    return _rewrite(data, {"xl/sharedStrings.xml": strings, "[Content_Types].xml": types})


def _sheet(rows: str, head: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>' + head + '<worksheet xmlns="http://schemas'
        '.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + rows
        + "</sheetData></worksheet>"
    ).encode()


def _post(world: World, assessment: Any, data: bytes) -> tuple[int, str, float]:
    client = Client(headers={"Accept-Language": "en"})
    sign_in(client, world.users["owner"])
    started = time.monotonic()
    response = client.post(
        f"/app/assessments/{assessment.pk}/import/",
        {"file": io.BytesIO(data)},
    )
    return response.status_code, response.content.decode(), time.monotonic() - started


@pytest.fixture
def exported(world: World) -> tuple[Any, bytes]:
    assessment = world.new_assessment()
    data = workbook_export(assessment=assessment, language="en")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert b"T-A-03" in archive.read(SHEET)
    return assessment, data


def test_defusedxml_is_installed_and_used_by_openpyxl() -> None:
    assert openpyxl.DEFUSEDXML is True


def test_a_workbook_over_the_size_limit_is_refused(world: World, exported: Any) -> None:
    assessment, _data = exported
    status, html, _seconds = _post(world, assessment, b"PK" + b"\0" * (5 * 1024 * 1024 + 10))
    assert status == 413 and "The workbook is too large." in html


def test_a_request_over_the_request_limit_is_refused_before_it_is_read(
    world: World, exported: Any, settings: Any
) -> None:
    assessment, _data = exported
    settings.MAX_REQUEST_BYTES = 1024 * 1024
    status, html, _seconds = _post(world, assessment, b"\0" * (2 * 1024 * 1024))
    assert status == 413 and "too large" in html


def test_a_shared_strings_bomb_is_refused_quickly(world: World, exported: Any) -> None:
    assessment, data = exported
    strings = (
        '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
        'spreadsheetml/2006/main">' + "<si><t>a</t></si>" * 2_000_000 + "</sst>"
    ).encode()
    bomb = _with_shared_strings(data, strings)
    assert len(bomb) < 200_000  # small on the wire
    status, html, seconds = _post(world, assessment, bomb)
    assert status == 400 and "too large when unpacked" in html
    assert seconds < 5


def test_many_shared_strings_within_the_unpacked_size_are_refused(
    world: World, exported: Any
) -> None:
    assessment, data = exported
    strings = (
        '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
        'spreadsheetml/2006/main">' + "<si/>" * 200_000 + "</sst>"
    ).encode()
    status, html, seconds = _post(world, assessment, _with_shared_strings(data, strings))
    assert status == 400 and "too many" in html
    assert seconds < 5


def test_a_row_bomb_is_refused_quickly(world: World, exported: Any) -> None:
    assessment, data = exported
    bomb = _rewrite(data, {SHEET: _sheet("<row/>" * 3_000_000)})
    status, html, seconds = _post(world, assessment, bomb)
    assert status == 400 and ("too large when unpacked" in html or "too many rows" in html)
    assert seconds < 5


def test_a_sheet_claiming_a_million_rows_is_refused_quickly(world: World, exported: Any) -> None:
    assessment, data = exported
    far = _sheet(
        '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>T-A-03</t></is></c></row>',
        head="",
    ).replace(b"<sheetData>", b'<dimension ref="A1:H1048576"/><sheetData>')
    status, html, seconds = _post(world, assessment, _rewrite(data, {SHEET: far}))
    assert status == 400 and "too many rows" in html
    assert seconds < 5


def test_a_compression_ratio_bomb_is_refused(world: World, exported: Any, settings: Any) -> None:
    assessment, data = exported
    padding = _sheet("<row/>" * 200_000)  # 1.2 MB of XML that deflates to a few KB
    status, html, _seconds = _post(world, assessment, _rewrite(data, {SHEET: padding}))
    assert status == 400 and "compressed suspiciously" in html


@pytest.mark.parametrize(
    "member",
    [
        # Malformed XML.
        _sheet("<row><c><v>1</c></row>"),
        # A billion laughs.
        _sheet(
            "<row><c t='inlineStr'><is><t>&lol9;</t></is></c></row>",
            head='<!DOCTYPE lolz [<!ENTITY lol "lol">'
            + "".join(
                f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
                for i in range(1, 10)
            )
            + "]>",
        ),
        # An external entity (XXE).
        _sheet(
            "<row><c r='A2' t='inlineStr'><is><t>&xxe;</t></is></c></row>",
            head='<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
        ),
        # Not XML at all.
        b"\x00\xff garbage",
    ],
    ids=["malformed", "billion-laughs", "xxe", "garbage"],
)
def test_hostile_xml_is_a_clear_400(world: World, exported: Any, member: bytes) -> None:
    assessment, data = exported
    before = list(Answer.objects.values_list("pk", "version"))
    status, html, seconds = _post(world, assessment, _rewrite(data, {SHEET: member}))
    assert status == 400, html[:500]
    assert "This is not an Excel workbook" in html
    assert "root:" not in html  # nothing of /etc/passwd
    assert seconds < 5
    assert list(Answer.objects.values_list("pk", "version")) == before


def test_a_zip_that_is_not_a_workbook_is_a_clear_400(world: World, exported: Any) -> None:
    assessment, _data = exported
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hi")
    status, html, _seconds = _post(world, assessment, out.getvalue())
    assert status == 400 and "This is not an Excel workbook" in html
