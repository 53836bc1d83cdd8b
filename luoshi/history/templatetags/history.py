from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template

register = template.Library()


@register.filter
def dictget(mapping: Mapping[Any, Any] | None, key: Any) -> Any:
    """``mapping[key]`` in a template, or "" (and 0 for a Counter) if it is not there."""
    if not mapping:
        return ""
    return mapping.get(key, 0 if hasattr(mapping, "most_common") else "")
