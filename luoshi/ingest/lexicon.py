"""Lazily loaded language resources: OpenCC converters, pinyin readings, word frequencies.

Each is loaded on first use and cached, so importing ``luoshi.ingest`` stays cheap.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import re
from collections.abc import Callable
from typing import Any

from luoshi.ingest.lazy import lazy as _lazy

# Phrases OpenCC leaves in their Traditional or Taiwan form.
T2S_OVERRIDES = {
    "著力": "着力",
    "著眼": "着眼",
    "著重": "着重",
    "著手": "着手",
    "緊著": "紧着",
    "乾淨": "干净",
    # Taiwan's phrase table reads 許可權 as "permission" (权限); in policy text it is licensing power.
    "行政許可權": "行政许可权",
    "審批許可權": "审批许可权",
    "許可權限": "许可权限",
}
# Wording that marks a text as Taiwan-style, which then gets the phrase-level converter.
TAIWAN_MARKERS = ("最佳化", "網際網路", "軟體", "資訊", "程式", "入口網站", "硬體", "網路", "數位", "伺服器")


@functools.cache
def _converter(config: str) -> Any:
    import opencc  # the official C++ wheel; ~85 MB/s

    return opencc.OpenCC(config)


# Words the Taiwan phrase table reads as another mainland word, where a mainland text converted to
# Taiwan usage (the usual case on such pages) meant the policy term itself: 贯彻執行 is 贯彻执行 (not
# 运行), 對口支援 is 对口支援 (not 支持), 檔案 is 档案, 線上線下 is 线上线下, 智慧城市 is 智慧城市 (not 智能).
TAIWAN_KEEP = {
    "執行": "执行",
    "支援": "支援",
    "線上": "线上",
    "線下": "线下",
    "檔案": "档案",
    "專案組": "专案组",
    "通訊員": "通讯员",
}
_TAIWAN_KEEP = re.compile("|".join(TAIWAN_KEEP) + r"|(?<!人工)智慧(?!財產|财产|型)")


def to_simplified(text: str, *, taiwan: bool) -> str:
    """Traditional (or Taiwan-style) Chinese to Simplified, with a few phrase overrides."""
    for trad, simp in T2S_OVERRIDES.items():
        if trad in text:
            text = text.replace(trad, simp)
    kept: list[str] = []
    if taiwan and not re.search("[\U000f0000-\U000fffff]", text):
        # the kept words stand as private-use characters while the phrase table runs

        def keep(m: re.Match[str]) -> str:
            kept.append(TAIWAN_KEEP.get(m.group(), m.group()))
            return chr(0xF0000 + len(kept) - 1)

        text = _TAIWAN_KEEP.sub(keep, text)
    converted = str(_converter("tw2sp" if taiwan else "t2s").convert(text))
    if kept:
        converted = re.sub("[\U000f0000-\U000fffff]", lambda m: kept[ord(m.group()) - 0xF0000], converted)
    if "著" in converted:
        converted = _PARTICLE_ZHE().sub("着", converted)
    return converted


# 著 as the aspect particle (随著, 制约著) is 着 in Simplified; 著名, 显著 and the like stay.
_PARTICLE_ZHE = _lazy(r"(?<=[\u4e00-\u9fff])(?<![显卓编原名论专巨昭土遗译合拙新])著(?![名作称述录者])")


def looks_taiwanese(text: str) -> bool:
    return sum(text.count(marker) for marker in TAIWAN_MARKERS) >= 2


@functools.lru_cache(maxsize=8192)
def readings(char: str) -> frozenset[str]:
    """All toned pinyin readings of one character (pypinyin's table, heteronyms included)."""
    found = _pinyin_table().get(char, "")
    return frozenset(r.lower() for r in found.split(",") if r)


@functools.cache
def _pinyin_table() -> Table:
    spec = importlib.util.find_spec("pypinyin")
    if spec is None or spec.origin is None:
        return Table("", 1, 1)
    source = os.path.join(os.path.dirname(spec.origin), "pinyin_dict.py")

    def build() -> dict[str, str]:
        from pypinyin.pinyin_dict import pinyin_dict

        return {chr(code): value for code, value in pinyin_dict.items()}

    return _cached("pinyin", source, build, 1)


@functools.cache
def word_frequencies() -> Table:
    """Frequencies (as digit strings) of two-character words in jieba's dictionary.

    The file is read with one regex pass (~0.1 s), jieba itself is never imported, and
    the result is cached on disk.
    """
    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        return Table("", 2, 2)
    path = os.path.join(os.path.dirname(spec.origin), "dict.txt")

    def build() -> dict[str, str]:
        with open(path, encoding="utf-8") as handle:
            return dict(re.findall(r"^(\S\S) (\d+)", handle.read(), re.M))

    return _cached("words2", path, build, 2)


def frequency(word: str) -> int:
    return int(word_frequencies().get(word, "0") or "0")


class Table:
    """A sorted table kept as one string, so that a fresh interpreter reads its file and builds
    nothing (a dict of the 114,000 two-character words took 34 ms to build, the read takes 2 ms): a
    lookup is a binary search over the keys.

    Two layouts: fixed-width records (key, then its value padded with spaces) where the values are of
    about one length (word frequencies); else the keys, then each value's end as hex digits of one
    width, then the values one after another (pinyin readings, a few of which are long)."""

    __slots__ = ("data", "key_len", "width", "count", "end_width", "values_at")

    def __init__(self, data: str, key_len: int, width: int, count: int = 0, end_width: int = 0) -> None:
        self.data, self.key_len, self.width = data, key_len, width
        self.count = len(data) // width if width else count
        self.end_width = end_width
        self.values_at = self.count * (key_len + end_width)

    @classmethod
    def of(cls, values: dict[str, str], key_len: int) -> Table:
        rows = sorted((k, v) for k, v in values.items() if len(k) == key_len and v.strip() == v)
        longest = max((len(v) for _, v in rows), default=0)
        total = sum(len(v) for _, v in rows)
        if not rows or longest * len(rows) <= 2 * total:
            width = key_len + longest + 1
            return cls("".join(k + v.ljust(width - key_len) for k, v in rows), key_len, width)
        end_width = len(f"{total:x}")
        ends, at = [], 0
        for _, v in rows:
            at += len(v)
            ends.append(f"{at:0{end_width}x}")
        data = "".join(k for k, _ in rows) + "".join(ends) + "".join(v for _, v in rows)
        return cls(data, key_len, 0, len(rows), end_width)

    @property
    def header(self) -> str:
        return f"{self.key_len} {self.width} {self.count} {self.end_width}"

    def _value(self, i: int) -> str:
        data, w, ends = self.data, self.end_width, self.count * self.key_len
        start = int(data[ends + (i - 1) * w : ends + i * w], 16) if i else 0
        end = int(data[ends + i * w : ends + (i + 1) * w], 16)
        return data[self.values_at + start : self.values_at + end]

    def get(self, key: str, default: str = "") -> str:
        if len(key) != self.key_len:
            return default
        data, width, low, high = self.data, self.width or self.key_len, 0, self.count
        while low < high:
            mid = (low + high) // 2
            at = mid * width
            found = data[at : at + self.key_len]
            if found == key:
                if self.width:
                    return data[at + self.key_len : at + width].rstrip(" ")
                return self._value(mid)
            if found < key:
                low = mid + 1
            else:
                high = mid
        return default


def _cache_dir() -> str:
    base = os.environ.get("LUOSHI_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "luoshi"
    )
    return base


def _cached(name: str, source: str, build: Callable[[], dict[str, str]], key_len: int) -> Table:
    """``build()`` as a :class:`Table`, memoised on disk until ``source`` changes; cache errors are
    ignored. The file's first line gives the table's layout."""
    try:
        stat = os.stat(source)
        key = f"{name}-{stat.st_size}-{int(stat.st_mtime)}.table2"
    except OSError:
        return Table.of(build(), key_len)
    path = os.path.join(_cache_dir(), key)
    try:
        with open(path, encoding="utf-8") as handle:
            head, _, data = handle.read().partition("\n")
        k, w, count, end_width = (int(x) for x in head.split())
        if k == key_len and w > k and len(data) % w == 0:
            return Table(data, k, w)
        if k == key_len and not w and count and end_width:
            table = Table(data, k, 0, count, end_width)
            if len(data) == table.values_at + int(data[table.values_at - end_width : table.values_at], 16):
                return table
    except (OSError, ValueError):
        pass
    table = Table.of(build(), key_len)
    try:
        os.makedirs(_cache_dir(), exist_ok=True)
        tmp = f"{path}.{os.getpid()}.tmp"
        with open(tmp, "w", encoding="utf-8") as handle:
            handle.write(f"{table.header}\n{table.data}")
        os.replace(tmp, path)
    except OSError:
        pass
    return table


_HAN = re.compile(r"[\u4e00-\u9fff]")


def is_han(char: str) -> bool:
    return bool(_HAN.match(char))
