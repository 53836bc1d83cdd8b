"""The feed's writer against an independent reader (the ``icalendar`` package): any text comes back as
it went in, and every line holds at most 75 octets, never cut inside a character."""

from __future__ import annotations

import datetime as dt

from django.utils import translation
from hypothesis import example, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from luoshi.calendar import ical
from luoshi.calendar.selectors import Entry

# Text as it reaches the feed: CJK, punctuation that needs escaping, newlines, emoji, control bytes.
TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("古县牡丹文旅，；、：“”（）,;\\:\n\t 〔〕号")),
        st.characters(min_codepoint=0x20, max_codepoint=0x2FFFF, exclude_categories=["Cs"]),
        st.sampled_from(["\r", "\x00", "\x07", "\x7f"]),
    ),
    max_size=120,
)


def _visible(value: str) -> str:
    """What a reader should get back: the text without the control characters the writer drops."""
    return "".join(ch for ch in value if ch in "\t\n" or (ch >= " " and ch != "\x7f"))


@settings(max_examples=150, deadline=None)
@example(
    title="路径 C:\\new\\table, 第一; 第二\\",
    detail="甲\n乙",
    plan_name="",
    name="古县, 督查室",
    overdue=True,
)
@example(title="𠀀" * 40, detail="牡丹" * 40, plan_name="a" * 74 + "古", name="", overdue=False)
@given(title=TEXT, detail=TEXT, plan_name=TEXT, name=TEXT, overdue=st.booleans())
def test_any_text_comes_back_from_the_feed(
    title: str, detail: str, plan_name: str, name: str, overdue: bool
) -> None:
    entry = Entry(
        day=dt.date(2020, 9, 15),
        kind="item",
        title=title,
        detail=detail,
        url="/items/7/",
        overdue=overdue,
        uid="item-7",
        plan_name=plan_name,
    )
    with translation.override("zh-hans"):
        body = ical.feed_render([entry], host="luoshi.example", base_url="http://luoshi.example", name=name)
    lines = body.split(b"\r\n")
    assert lines[-1] == b"" and all(len(line) <= 75 for line in lines)
    for line in lines:
        line.decode("utf-8")  # raises if a fold cut a character
    assert b"\n" not in body.replace(b"\r\n", b"")
    cal = Calendar.from_ical(body)
    # An X- property is kept as written (not unescaped by the reader): RFC 5545's escapes, in order.
    escaped = _visible(name).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    assert str(cal["X-WR-CALNAME"]) == escaped.replace("\n", "\\n")
    (event,) = cal.walk("VEVENT")
    assert str(event["SUMMARY"]) == (f"【已逾期】 {_visible(title)}" if overdue else _visible(title))
    assert str(event["DESCRIPTION"]) == "\n".join(_visible(p) for p in (plan_name, detail) if p)
    assert event.decoded("DTSTART") == dt.date(2020, 9, 15)
    assert event.decoded("DTEND") == dt.date(2020, 9, 16)
    assert str(event["UID"]) == "item-7@luoshi.example"
    assert str(event["URL"]) == "http://luoshi.example/items/7/"
