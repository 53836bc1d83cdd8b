"""Points as people write them: 14.33, -0.3, 100 (never 14.3300000000000)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template

register = template.Library()


@register.filter
def points(value: Any) -> str:
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        return str(value)
    text = format(number, "f").rstrip("0").rstrip(".") if "." in format(number, "f") else format(number, "f")
    return "0" if text in ("-0", "") else text
