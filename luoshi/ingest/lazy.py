"""Patterns compiled on first use: a fresh interpreter compiles only the ones a text needs.

Compiling a pattern with a class of Chinese characters costs about a millisecond (the class is
turned into a table of every character it spans), and the ingest has some two hundred of them; most
texts need only some."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any, cast


def lazy(pattern: str, flags: int = 0) -> Callable[[], re.Pattern[str]]:
    """A pattern compiled on first use: most texts never need the rarer ones, and compiling them
    all would cost every fresh interpreter."""

    @functools.cache
    def compiled() -> re.Pattern[str]:
        return re.compile(pattern, flags)

    return compiled


_USES = (
    "search",
    "match",
    "fullmatch",
    "finditer",
    "findall",
    "sub",
    "subn",
    "split",
    "groups",
    "groupindex",
)


class _Deferred:
    """Stands for a compiled pattern and becomes one on first use: the first method looked up
    compiles it and puts the compiled pattern's methods in its own slots, so that later calls cost
    what a compiled pattern's do."""

    __slots__ = ("pattern", "flags", *_USES)

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern = pattern
        self.flags = flags

    def __getattr__(self, name: str) -> Any:
        if name not in _USES:
            raise AttributeError(name)
        done = re.compile(self.pattern, self.flags)
        for use in _USES:
            setattr(self, use, getattr(done, use))
        return getattr(done, name)

    def __repr__(self) -> str:
        return f"compiled({self.pattern!r})"


def compiled(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile`` for a module's patterns, deferred to the pattern's first use."""
    return cast("re.Pattern[str]", _Deferred(pattern, flags))
