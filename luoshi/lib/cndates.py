"""Due dates as offices write them: Excel dates, ISO text and Chinese forms (2020年6月底前, 年底前, 三季度)."""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re

_FULLWIDTH = str.maketrans("０１２３４５６７８９．／－", "0123456789./-")
_CN_NUM = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
ONGOING = ("长期", "持续", "常态", "长效", "经常性", "全年持续")


class DateTextError(ValueError):
    pass


def _cn_to_int(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _CN_NUM[text[1]]
    if text.endswith("十"):
        return _CN_NUM[text[0]] * 10
    if "十" in text:
        tens, units = text.split("十")
        return _CN_NUM[tens] * 10 + _CN_NUM[units]
    return _CN_NUM[text]


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


_N = r"(\d{1,2}|[一二三四五六七八九十]{1,3})"


@functools.cache
def _patterns() -> dict[str, re.Pattern[str]]:
    """The date forms, compiled on first use (a server's start formats dates but parses none)."""
    return {
        "full": re.compile(r"(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*[日号]?"),
        "year_month": re.compile(rf"(\d{{4}})\s*[年.\-/]\s*{_N}\s*月?\s*(底|末|上旬|中旬|下旬|中|初)?"),
        "month_day": re.compile(rf"{_N}\s*月\s*{_N}\s*[日号]"),
        "month": re.compile(rf"{_N}\s*月\s*(份)?\s*(底|末|上旬|中旬|下旬|中|初)?"),
        "quarter": re.compile(r"(?:(\d{4})\s*年)?\s*第?\s*([一二三四1-4])\s*季度"),
        "half": re.compile(r"(?:(\d{4})\s*年)?\s*(上|下)\s*半年"),
        "year_end": re.compile(r"(?:(\d{4})\s*年)?\s*(?:年底|年末|年内|全年|底|末)"),
        "year_only": re.compile(r"^(\d{4})\s*年?$"),
    }


def _in_month(year: int, month: int, part: str | None) -> dt.date:
    if not 1 <= month <= 12:
        raise DateTextError(f"month {month}")
    if part in ("上旬",):
        return dt.date(year, month, 10)
    if part in ("中旬", "中"):
        return dt.date(year, month, 20 if part == "中旬" else 15)
    if part == "初":
        return dt.date(year, month, 5)
    return _month_end(year, month)


def _candidates(text: str, year: int) -> list[dt.date]:
    patterns = _patterns()
    found: list[tuple[int, dt.date]] = []
    taken: list[tuple[int, int]] = []

    def free(m: re.Match[str]) -> bool:
        return all(m.end() <= a or m.start() >= b for a, b in taken)

    def add(m: re.Match[str], value: dt.date) -> None:
        taken.append((m.start(), m.end()))
        found.append((m.start(), value))

    for m in patterns["full"].finditer(text):
        add(m, dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))))
    for m in patterns["quarter"].finditer(text):
        if free(m):
            q = _cn_to_int(m.group(2))
            add(m, _month_end(int(m.group(1) or year), q * 3))
    for m in patterns["half"].finditer(text):
        if free(m):
            add(m, _month_end(int(m.group(1) or year), 6 if m.group(2) == "上" else 12))
    for m in patterns["year_month"].finditer(text):
        if free(m):
            add(m, _in_month(int(m.group(1)), _cn_to_int(m.group(2)), m.group(3)))
    for m in patterns["month_day"].finditer(text):
        if free(m):
            add(m, dt.date(year, _cn_to_int(m.group(1)), _cn_to_int(m.group(2))))
    for m in patterns["month"].finditer(text):
        if free(m):
            add(m, _in_month(year, _cn_to_int(m.group(1)), m.group(3)))
    for m in patterns["year_end"].finditer(text):
        if free(m):
            add(m, dt.date(int(m.group(1) or year), 12, 31))
    found.sort()
    return [d for _pos, d in found]


def parse_due_date(value: object, *, year: int) -> dt.date | None:
    """A due date from a cell value; ``year`` fills in forms without one (年底前, 6月底).

    Returns None for an empty cell or an ongoing task (长期坚持); raises DateTextError otherwise.
    Where a cell names several dates (3月启动，6月底前完成), the latest one is the due date.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 20000 < value < 80000:  # an Excel serial that lost its date format
            return (dt.datetime(1899, 12, 30) + dt.timedelta(days=float(value))).date()  # noqa: DTZ001
        if 1900 < value < 2200 and float(value).is_integer():
            return dt.date(int(value), 12, 31)
        raise DateTextError(str(value))
    text = str(value).translate(_FULLWIDTH).strip()
    if not text or text in ("-", "—", "/", "无"):
        return None
    if m := _patterns()["year_only"].match(text):
        return dt.date(int(m.group(1)), 12, 31)
    try:
        dates = _candidates(text, year)
    except (DateTextError, ValueError, KeyError) as exc:
        raise DateTextError(text) from exc
    if dates:
        return max(dates)
    if any(word in text for word in ONGOING):
        return None
    raise DateTextError(text)


def format_due_date(value: dt.date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"
