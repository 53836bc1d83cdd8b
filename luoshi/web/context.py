from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def luoshi(request: HttpRequest) -> dict[str, Any]:
    return {"LUOSHI_DEMO": settings.DEMO}
