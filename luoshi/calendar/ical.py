"""The calendar as an iCalendar (RFC 5545) document, written by the ``icalendar`` package (which folds
lines at 75 octets, ends them with CRLF and escapes , ; \\ in text)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from luoshi.calendar.selectors import Entry


def feed_render(entries: Iterable[Entry], *, host: str, base_url: str, name: str) -> bytes:
    """One all-day VEVENT per entry; its UID is stable (the entry's kind and row), so a calendar app
    updates an event when its date or text changes instead of adding another."""
    cal = Calendar()
    cal.add("prodid", "-//luoshi//calendar//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", timezone.get_current_timezone_name())
    overdue = _("[Overdue]")
    stamp = timezone.now().astimezone(dt.UTC).replace(microsecond=0)
    for entry in entries:
        event = Event()
        event.add("uid", f"{entry.uid}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", entry.day)
        event.add("dtend", entry.day + dt.timedelta(days=1))
        summary = f"{overdue} {entry.title}" if entry.overdue else entry.title
        event.add("summary", summary)
        event.add("description", f"{entry.plan_name}\n{entry.detail}")
        event.add("url", base_url + entry.url)
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return cal.to_ical()
