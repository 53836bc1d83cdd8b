"""Patterns compiled on first use: a fresh interpreter compiles only the ones a text needs."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable


def lazy(pattern: str, flags: int = 0) -> Callable[[], re.Pattern[str]]:
    """A pattern compiled on first use: most texts never need the rarer ones, and compiling them
    all would cost every fresh interpreter."""

    @functools.cache
    def compiled() -> re.Pattern[str]:
        return re.compile(pattern, flags)

    return compiled
