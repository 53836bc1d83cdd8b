"""Text that remembers, for every character, where it came from in the original."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from luoshi.ingest.model import Repair

# (start, end, replacement) in the current text, plus the repair kind and a note.
Edit = tuple[int, int, str, str, str]


@dataclass(slots=True)
class MappedText:
    """``text`` with ``starts[i]``/``ends[i]``: the original span of ``text[i]``.

    Edits replace spans of the current text; the characters they insert map to the
    whole original span they replaced, so any span of the result maps back.
    """

    text: str
    starts: list[int]
    ends: list[int]
    original_length: int

    @classmethod
    def identity(cls, text: str) -> MappedText:
        n = len(text)
        return cls(text, list(range(n)), list(range(1, n + 1)), n)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of the current span ``start:end``."""
        if not self.text:
            return (0, 0)
        if end <= start:
            if start >= len(self.text):
                return (self.original_length, self.original_length)
            return (self.starts[start], self.starts[start])
        return (self.starts[start], self.ends[min(end, len(self.text)) - 1])

    def apply(self, edits: Iterable[Edit], repairs: list[Repair]) -> MappedText:
        """Apply non-overlapping edits (any order) and record one repair per edit."""
        ordered = sorted(edits, key=lambda e: (e[0], e[1]))
        if not ordered:
            return self
        pieces: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        pos = 0
        text = self.text
        for start, end, replacement, kind, note in ordered:
            if start < pos:  # overlapping edit: keep the first one
                continue
            pieces.append(text[pos:start])
            starts.extend(self.starts[pos:start])
            ends.extend(self.ends[pos:start])
            o_start, o_end = self.original_span(start, end)
            repairs.append(Repair(kind, o_start, o_end, text[start:end], replacement, note))
            if replacement:
                pieces.append(replacement)
                starts.extend([o_start] * len(replacement))
                ends.extend([o_end] * len(replacement))
            pos = end
        pieces.append(text[pos:])
        starts.extend(self.starts[pos:])
        ends.extend(self.ends[pos:])
        return MappedText("".join(pieces), starts, ends, self.original_length)

    def replace_aligned(self, new_text: str, kind: str, repairs: list[Repair], note: str = "") -> MappedText:
        """Swap in ``new_text``, a rewrite of the whole text (e.g. a script conversion).

        Equal-length rewrites map character for character; otherwise the two texts are
        aligned line by line.
        """
        if new_text == self.text:
            return self
        if len(new_text) == len(self.text):
            return self.apply(_char_runs(self.text, new_text, kind, note), repairs)
        edits: list[Edit] = []
        old_lines = self.text.split("\n")
        new_lines = new_text.split("\n")
        if len(old_lines) != len(new_lines):
            return self.apply([(0, len(self.text), new_text, kind, note)], repairs)
        offset = 0
        for old, new in zip(old_lines, new_lines, strict=True):
            if old != new:
                if len(old) == len(new):
                    edits.extend(
                        (offset + s, offset + e, r, k, n)
                        for s, e, r, k, n in _char_runs(old, new, kind, note)
                    )
                else:
                    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
                    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
                        if tag != "equal":
                            edits.append((offset + i1, offset + i2, new[j1:j2], kind, note))
            offset += len(old) + 1
        return self.apply(edits, repairs)


def _char_runs(old: str, new: str, kind: str, note: str) -> list[Edit]:
    edits: list[Edit] = []
    run_start = -1
    for i, (a, b) in enumerate(zip(old, new, strict=True)):
        if a != b:
            if run_start < 0:
                run_start = i
        elif run_start >= 0:
            edits.append((run_start, i, new[run_start:i], kind, note))
            run_start = -1
    if run_start >= 0:
        edits.append((run_start, len(old), new[run_start:], kind, note))
    return edits
