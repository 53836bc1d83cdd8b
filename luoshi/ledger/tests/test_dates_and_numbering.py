from __future__ import annotations

import datetime as dt

import pytest

from luoshi.ledger.columns import header_key
from luoshi.lib.cndates import DateTextError, parse_due_date
from luoshi.lib.numbering import number_style, split_number
from luoshi.lib.xlsx import escape_formula, unescape_formula


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020年6月底前", dt.date(2020, 6, 30)),
        ("年底前", dt.date(2020, 12, 31)),
        ("6月30日前", dt.date(2020, 6, 30)),
        ("2020-06-30", dt.date(2020, 6, 30)),
        ("2020.6.30", dt.date(2020, 6, 30)),
        ("２０２０／６／３０", dt.date(2020, 6, 30)),
        ("三季度", dt.date(2020, 9, 30)),
        ("上半年", dt.date(2020, 6, 30)),
        ("十月底前", dt.date(2020, 10, 31)),
        ("2020年9月中旬", dt.date(2020, 9, 20)),
        ("3月启动，6月底前完成", dt.date(2020, 6, 30)),
        ("长期坚持", None),
        ("", None),
        (dt.datetime(2020, 5, 31), dt.date(2020, 5, 31)),
        (44012, dt.date(2020, 6, 30)),
    ],
)
def test_it_reads_due_dates_as_offices_write_them(text: object, expected: dt.date | None) -> None:
    assert parse_due_date(text, year=2020) == expected


def test_it_refuses_text_that_is_no_date() -> None:
    with pytest.raises(DateTextError):
        parse_due_date("尽快", year=2020)


@pytest.mark.parametrize(
    ("text", "number", "style"),
    [
        ("一、擦亮一张名片", "一", "cn"),
        ("（一）做强能源产业", "（一）", "paren_cn"),
        ("1.推进煤矿改造", "1.", "arabic"),
        ("1、推进煤矿改造", "1、", "arabic"),
        ("（1）引进团队", "（1）", "paren_arabic"),
        ("①引进团队", "①", "circled"),
        ("1.2.3 引进团队", "1.2.3", "dotted-3"),
        ("一张名片", "", ""),
        ("12项工程", "", ""),
    ],
)
def test_it_splits_outline_numbering(text: str, number: str, style: str) -> None:
    assert split_number(text)[0] == number
    assert number_style(number) == style


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("责任单位", "lead_unit"),
        ("时限", "due_date"),
        ("完成时限（月底前）", "due_date"),
        ("包联领导", "leader"),
        ("完成进度（%）", "progress"),
        ("重点任务", "task"),
        ("推进情况", "progress_text"),
        ("备注", None),
    ],
)
def test_it_knows_the_synonyms_of_the_ledger_columns(header: str, key: str | None) -> None:
    assert header_key(header) == key


def test_formula_escaping_round_trips() -> None:
    for text in ("=1+1", "+86 电话", "-5", "@SUM", "普通文本", "'引号"):
        assert unescape_formula(escape_formula(text)) == text
    assert escape_formula("=1+1") == "'=1+1"
