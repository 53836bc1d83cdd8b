"""Normalise a policy text: repair it, strip web/PDF chrome, convert it to Simplified.

Every pass edits a :class:`MappedText`, so each output character still knows its
original offsets, and every change is recorded as a :class:`Repair`.
"""

from __future__ import annotations

import html
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from luoshi.ingest import lexicon
from luoshi.ingest.decode import check_text, decode_bytes
from luoshi.ingest.lazy import compiled
from luoshi.ingest.lazy import lazy as _lazy
from luoshi.ingest.model import Repair
from luoshi.ingest.structure import cn_to_int
from luoshi.ingest.textmap import Edit, MappedText

MAX_CHARS = 20 * 1024 * 1024

HAN = "\u4e00-\u9fff"
CJK_PUNCT = "，。、；：？！“”‘’（）《》【】—…"


@dataclass(slots=True)
class Normalised:
    """The result of :func:`normalise`: the clean text and the way back to the original."""

    original: str
    encoding: str
    mapped: MappedText
    repairs: list[Repair] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.mapped.text

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        return self.mapped.original_span(start, end)


def normalise(source: str | bytes) -> Normalised:
    """Decode (if bytes), repair and convert ``source``; raise ``IngestError`` on unusable input."""
    warnings: list[str] = []
    if isinstance(source, bytes):
        text, encoding, warnings = decode_bytes(source)
    else:
        text, encoding = source, "str"
    if len(text) > MAX_CHARS:
        from luoshi.ingest.errors import IngestError

        raise IngestError(
            "文本过长，上限为 2000 万字。",
            "The text is too long; the limit is 20 million characters.",
            code="too_large",
        )
    if text.startswith("\ufeff"):
        text = text[1:]
    check_text(text)
    result = Normalised(text, encoding, MappedText.identity(text), [], warnings)
    for step in PASSES:
        result.mapped = step(result.mapped, result.repairs, result.warnings)
    return result


# --- pass 0: HTML markup left in a page's text -----------------------------------------

_BLOCK_TAGS = "p|div|br|li|tr|h[1-6]|ul|ol|table|tbody|thead|section|article|blockquote|hr|center|dd|dt|dl"
_CELL_TAGS = "td|th"
_INLINE_TAGS = "strong|span|b|i|u|em|font|a|img|sub|sup|small|big|label|ins|del|s|strike|o:p"
_HTML_PIECE = _lazy(
    r"<!--.*?-->|<(script|style)(?=[\s>])[^<>]{0,300}>.*?</\1\s*>"
    rf"|<(?P<close>/?)(?P<name>{_BLOCK_TAGS}|{_CELL_TAGS}|{_INLINE_TAGS})(?=[\s/>])(?:\s[^<>]{{0,300}})?/?>"
    r"|&(?:nbsp|ensp|emsp|thinsp|lt|gt|amp|quot|apos|ldquo|rdquo|lsquo|rsquo|mdash|ndash|hellip|middot|times|divide|deg|yen);"
    r"|&#\d{1,7};|&#[xX][0-9a-fA-F]{1,6};",
    re.I | re.S,
)
_HTML_TAG_COUNT = 3  # several well-formed tags before a text is taken for HTML


def pass_html(mt: MappedText, repairs: list[Repair], warnings: list[str]) -> MappedText:
    """A page saved with its HTML markup (``<p><strong>一、指导思想</strong></p>``, ``&nbsp;``):
    block tags (p, div, br, li, tr, h1–h6…) become line breaks, table cells tabs (the table pass
    then keeps them apart), inline tags (strong, span, font…) nothing, and entities their
    characters.  Only in a text carrying several well-formed tags: a lone ``<`` (x<5) or ``《》``
    is never touched."""
    text = mt.text
    if "<" not in text or not any(mark in text for mark in ("</", "<p", "<br", "<P", "<BR")):
        return mt
    pieces = list(_HTML_PIECE().finditer(text))
    if sum(bool(m.group("name")) for m in pieces) < _HTML_TAG_COUNT:
        return mt
    edits: list[Edit] = []
    grid = _Grid(text)
    for m in pieces:
        piece = m.group()
        if piece.startswith("&"):
            char = html.unescape(piece)
            edits.append((m.start(), m.end(), " " if char.isspace() else char, "html-markup", "entity"))
            continue
        name = (m.group("name") or "").lower()
        if re.fullmatch(_BLOCK_TAGS, name):
            repl = "\n" + (grid.row_start() if name == "tr" and not m.group("close") else "")
            grid.table(name, bool(m.group("close")))
        elif re.fullmatch(_CELL_TAGS, name):
            repl = grid.cell_end() if m.group("close") else grid.cell_start(m)
        else:
            repl = ""
        edits.append((m.start(), m.end(), repl, "html-markup", "tag"))
    return mt.apply(edits, repairs)


_CELL_CLOSE = compiled(r"</t[dh]\s*>", re.I)
_SPAN = compiled(r"""\b(rowspan|colspan)\s*=\s*["']?(\d{1,3})""", re.I)


class _Grid:
    """Where a table's cells stand on its grid, so that each row keeps its columns: a cell merged down
    over rows (``rowspan``: one lead unit over several tasks) is written again in the rows it spans,
    and a cell across columns (``colspan``) is followed by empty cells (a dash) for the others."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.depth = 0
        self.column = 0
        self.span = 1
        self.pending: dict[int, list[Any]] = {}  # column -> [rows left, text]

    def table(self, name: str, close: bool) -> None:
        if name == "table":
            self.depth += -1 if close else 1
            self.pending, self.column = {}, 0

    def _carried(self) -> str:
        out = ""
        while self.depth == 1 and self.column in self.pending:
            left, value = self.pending[self.column]
            out += value + "\t"
            if left <= 1:
                del self.pending[self.column]
            else:
                self.pending[self.column][0] = left - 1
            self.column += 1
        return out

    def row_start(self) -> str:
        self.column = 0
        return self._carried()

    def cell_start(self, m: re.Match[str]) -> str:
        spans = {k.lower(): int(v) for k, v in _SPAN.findall(m.group())}
        self.span = max(spans.get("colspan", 1), 1)
        rows = spans.get("rowspan", 1)
        if self.depth == 1 and rows > 1:
            close = _CELL_CLOSE.search(self.text, m.end())
            inner = self.text[m.end() : close.start() if close else m.end()]
            value = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^<>]{0,300}>", "", inner))).strip()
            self.pending[self.column] = [rows - 1, value or "—"]
        return ""

    def cell_end(self) -> str:
        extra = "\t—" * (self.span - 1)
        self.column += self.span
        self.span = 1
        return extra + "\t" + self._carried()


# --- pass 1: characters and whitespace -------------------------------------------------

_LITERAL_CODEPOINT = compiled(r"<U\+([0-9A-Fa-f]{4,6})>")
_ODD_SPACE = compiled(r"[\u00a0\u2002-\u200a\u202f\u205f\u3000\t\f\v]|[\u200b-\u200d\u2060\ufeff]|\r\n?")
_CONTROL = compiled(r"[\x00-\x08\x0e-\x1f\x7f]")
# Emoji and pictographs a page writes beside its headings (回顾2023年工作成果🏆), with their variation
# selectors (their joiners go with the odd spaces above): no document's words.
_EMOJI = compiled("[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\ufe0f]+")


def pass_characters(mt: MappedText, repairs: list[Repair], warnings: list[str]) -> MappedText:
    edits: list[Edit] = []
    for m in _LITERAL_CODEPOINT.finditer(mt.text):
        char = chr(int(m.group(1), 16))
        edits.append((m.start(), m.end(), " " if char.isspace() else char, "literal-codepoint", ""))
    mt = mt.apply(edits, repairs)
    if "\n|" in mt.text:
        mt = mt.apply(_cell_lines(mt.text), repairs)
    if "\t" in mt.text:
        mt = mt.apply(_table_cells(mt.text), repairs)
    edits = []
    for m in _ODD_SPACE.finditer(mt.text):
        s = m.group()
        repl = "\n" if s.startswith("\r") else ("" if s in "\u200b\u200c\u200d\u2060\ufeff" else " ")
        edits.append((m.start(), m.end(), repl, "whitespace", ""))
    edits.extend((m.start(), m.end(), "", "control-character", "") for m in _CONTROL.finditer(mt.text))
    if not mt.text.isascii():
        edits.extend((m.start(), m.end(), "", "emoji", "") for m in _EMOJI.finditer(mt.text))
    return mt.apply(edits, repairs)


_CELL_GAP = compiled(r"[ \u3000]*\t[\t \u3000]*")
_ROW_BAR = compiled(r"^[ \u3000]*\|[|\s]*$")  # a line of bars between a table's rows
_CELL_BAR = compiled(r"[ \u3000]*\|[ \u3000]*$")  # the bar after a cell


def _cell_lines(text: str) -> list[Edit]:
    """A table saved one cell a line (``序號 |`` ``項目名稱 |`` …, rows between lines of bars): each
    row's cells become one line between tabs, for the table pass. Only where two rows or more have
    three cells or more."""
    lines = _lines(text)
    rows: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    bars: list[tuple[int, int]] = []
    for start, end in lines:
        line = text[start:end]
        if _ROW_BAR.match(line):
            bars.append((start, end))
            if current:
                rows.append(current)
            current = []
        elif _CELL_BAR.search(line) and line.strip(" \u3000|"):
            current.append((start, end))
        else:
            if current:
                rows.append(current)
            current = []
    if current:
        rows.append(current)
    wide = [row for row in rows if len(row) >= 3]
    if len(wide) < 2:
        return []
    edits: list[Edit] = []
    for row in wide:
        for i, (start, end) in enumerate(row):
            bar = _CELL_BAR.search(text, start, end)
            assert bar is not None
            last = i == len(row) - 1
            # the bar and the line end after a cell become the tab before the next
            edits.append(
                (bar.start(), end if last else end + 1, "" if last else "\t", "whitespace", "table cells")
            )
    for start, end in bars:
        edits.append((start, min(end + 1, len(text)), "", "whitespace", "table rows"))
    for row in rows:
        if len(row) < 3:  # the table's title or a cut row: a line of its own, without its bar
            for start, end in row:
                bar = _CELL_BAR.search(text, start, end)
                assert bar is not None
                edits.append((bar.start(), end, "", "whitespace", "table cells"))
    return edits


def _table_cells(text: str) -> list[Edit]:
    """A table pasted as text (one row a line, cells between tabs) keeps its cells apart: a row
    becomes a sentence with its cells joined by ；, a bare number in its first cell (the 序号
    column) becomes a list number (1\t加快项目建设\t县发改局 → 1.加快项目建设；县发改局。). Under a
    header naming the responsible units, leaders or the time limit (牵头单位, 责任单位, 完成时限…), a
    row's cell in that column is written after its label (1.加快项目建设；牵头单位：县发改局；
    完成时限：12月底。), as a division's notes are."""
    edits: list[Edit] = []
    labels: dict[int, str] = {}
    for start, end in _lines(text):
        line = text[start:end]
        body = line.strip(" \t\u3000")
        if not body:
            continue  # the blank lines between a page's table rows
        if body.count("\t") < 2:
            labels = {}
            continue
        offset = start + len(line) - len(line.lstrip(" \t\u3000"))
        gaps = list(_CELL_GAP.finditer(text, offset, offset + len(body)))
        if len(gaps) < 2:
            labels = {}
            continue
        cells = _CELL_GAP.split(body)
        compact = [re.sub(r"\s+", "", c) for c in cells]
        header = {i: c for i, c in enumerate(compact) if _COLUMN_LABEL.fullmatch(c)}
        first = text[offset : gaps[0].start()]
        for i, gap in enumerate(gaps):
            mark = "." if i == 0 and re.fullmatch(r"\d{1,3}", first) else "；"
            label = labels.get(i + 1)
            if label and cells[i + 1].strip() not in ("", "—") and not header:
                mark += label + "："
            edits.append((gap.start(), gap.end(), mark, "whitespace", "table cells"))
        stop = offset + len(body)
        if text[stop - 1] not in "。；;！？!?":
            edits.append((stop, stop, "。", "whitespace", "table row"))
        if header and all(len(c.strip()) <= 12 for c in cells):
            labels = header  # the rows under it carry its labels
    return edits


# The columns of a division's table that name who is responsible and by when (Simplified or
# Traditional: the table is read before the conversion).
_COLUMN_LABEL = compiled(
    r"(?:[牵牽]头|[责責]任|主[责責]|配合|[协協][办辦]|[协協]同)(?:[单單]位|部[门門]|[领領][导導]|人)"
    r"|完成[时時](?:限|[间間])|[时時]限|[时時][间間][节節]点"
)


_EDGE_SPACE = compiled(r"^ +| +$", re.M)
_INNER_SPACE = compiled(rf"(?<=[{HAN}{CJK_PUNCT}]) +(?=[{HAN}{CJK_PUNCT}0-9])|(?<=[0-9%]) +(?=[{HAN}])")
_BLANK_RUN = compiled(r"\n{3,}")


def pass_whitespace(mt: MappedText, repairs: list[Repair], warnings: list[str]) -> MappedText:
    edits: list[Edit] = [(m.start(), m.end(), "", "whitespace", "") for m in _EDGE_SPACE.finditer(mt.text)]
    edits.extend((m.start(), m.end(), "", "whitespace", "") for m in _INNER_SPACE.finditer(mt.text))
    mt = mt.apply(edits, repairs)
    return mt.apply(
        [(m.start(), m.end(), "\n\n", "whitespace", "") for m in _BLANK_RUN.finditer(mt.text)], repairs
    )


# --- pass 2: mojibake from a GBK byte stream knocked out of step ----------------------

# A lost lead byte ("?"), then an ASCII punctuation mark that was a full-width pair a3 xx.
_MOJIBAKE = compiled(r"[?\ufffd]([!-/:-@\[-`{-~])")
_LEAD_CANDIDATES: list[str] | None = None


def _lead_candidates() -> list[str]:
    """Every GBK character whose second byte is a3: the lost character is one of them."""
    global _LEAD_CANDIDATES
    if _LEAD_CANDIDATES is None:
        found = []
        for lead in range(0x81, 0xFF):
            try:
                found.append(bytes([lead, 0xA3]).decode("gbk"))
            except UnicodeDecodeError:
                continue
        _LEAD_CANDIDATES = [c for c in found if lexicon.is_han(c) or c == "。"]
    return _LEAD_CANDIDATES


def _resync(text: str, punct: str, start: int) -> tuple[str, int] | None:
    """Re-pair the bytes after a lost lead byte; return the recovered chars and where they end."""
    buf = bytearray([ord(punct) + 0x80])
    pos = start
    out: list[str] = []
    k = 0
    while k < len(buf) or not out:
        if k >= len(buf) or (buf[k] >= 0x80 and k + 1 >= len(buf)):
            if pos >= len(text) or pos - start >= 8:
                return None
            try:
                buf.extend(text[pos].encode("gbk"))
            except UnicodeEncodeError:
                return None
            pos += 1
            continue
        if buf[k] < 0x80:
            return None
        try:
            out.append(bytes(buf[k : k + 2]).decode("gbk"))
        except UnicodeDecodeError:
            return None
        k += 2
    recovered = "".join(out)
    if not all(lexicon.is_han(c) or c in CJK_PUNCT for c in recovered):
        return None
    garbled = text[start:pos]
    if not any(c.isascii() and c.isalpha() for c in garbled):
        return None
    return recovered, pos


def _pick_lost_char(before: str, after: str) -> tuple[str, float]:
    """Choose the lost character by the frequencies of the words it would form."""
    best, best_score = "。", 40.0
    taiwan = False
    for cand in _lead_candidates():
        if cand == "。":
            continue
        simp = lexicon.to_simplified(before + cand + after, taiwan=taiwan)
        left = lexicon.frequency(simp[0:2])
        score = left + lexicon.frequency(simp[1:3])
        if left > 0 and score > best_score:
            best, best_score = cand, float(score)
    return best, best_score


def pass_mojibake(mt: MappedText, repairs: list[Repair], warnings: list[str]) -> MappedText:
    text = mt.text
    edits: list[Edit] = []
    for m in _MOJIBAKE.finditer(text):
        i = m.start()
        if i == 0 or not (lexicon.is_han(text[i - 1]) or text[i - 1] in CJK_PUNCT):
            continue
        resynced = _resync(text, m.group(1), m.end())
        if resynced is None:
            if m.end() < len(text) and text[m.end()].isascii() and text[m.end()].isalpha():
                edits.append((i, m.end() + 1, text[i : m.end() + 1], "mojibake-unrepaired", "bytes lost"))
                warnings.append(
                    f"unrepaired mojibake at {mt.original_span(i, m.end())[0]}: {text[i : m.end() + 1]}"
                )
            continue
        recovered, end = resynced
        lost, score = _pick_lost_char(text[i - 1], recovered[0])
        note = (
            f"lost character chosen by word frequency ({int(score)})"
            if lost != "。"
            else "lost character read as 。"
        )
        edits.append((i, end, lost + recovered, "mojibake", note))
    return mt.apply(edits, repairs)


# --- pass 3: pinyin debris 發(fā)展 ------------------------------------------------------

_TONED = "a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
_DEBRIS = compiled(rf"([{HAN}])[(（]([{_TONED}]{{1,7}})[)）]")
_TONE_MARK = compiled(r"[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ]")


def pass_pinyin_debris(mt: MappedText, repairs: list[Repair], warnings: list[str]) -> MappedText:
    if "(" not in mt.text and "（" not in mt.text:
        return mt
    hits: list[re.Match[str]] = []
    for m in _DEBRIS.finditer(mt.text):
        syllable = m.group(2).lower()
        if _TONE_MARK.search(syllable) and syllable in lexicon.readings(m.group(1)):
            hits.append(m)
    # One gloss alone (垚(yáo)) is more likely meant; debris comes by the dozen.
    if len(hits) < 2:
        return mt
    return mt.apply([(m.start(1) + 1, m.end(), "", "pinyin-debris", m.group(1)) for m in hits], repairs)


# --- pass 4: Traditional to Simplified ---------------------------------------------------


def pass_simplified(mt: MappedText, repairs: list[Repair], warnings: list[str]) -> MappedText:
    taiwan = lexicon.looks_taiwanese(mt.text)
    converted = lexicon.to_simplified(mt.text, taiwan=taiwan)
    return mt.replace_aligned(converted, "simplified", repairs, "tw2sp" if taiwan else "t2s")


_FULLWIDTH_ALNUM = compiled(r"[０-９Ａ-Ｚａ-ｚ．％]+")


def pass_fullwidth(mt: MappedText, repairs: list[Repair], warnings: list[str]) -> MappedText:
    edits: list[Edit] = []
    for m in _FULLWIDTH_ALNUM.finditer(mt.text):
        s = m.group()
        if s in ("．",):
            continue
        edits.append((m.start(), m.end(), "".join(chr(ord(c) - 0xFEE0) for c in s), "fullwidth", ""))
    return mt.apply(edits, repairs)


# --- pass 5: web and PDF boilerplate ------------------------------------------------------

_CHROME_FIELD = compiled(
    r"^(?:信息)?(?:来源|来 源|发布时间|发表时间|发布日期|时间|日期|浏览次数|阅读量|阅读次数|访问次数|点击数|点击量|字体|字号|作者|编辑|"
    r"责任编辑|发布机构|成文日期|生成日期|信息索引号|索引号|索 引 号|文号|主题分类|组配分类|公开方式|有效性|废止日期|文件登记号|"
    r"主办单位|承办单位|网站标识码|分享|导语|字体大小)(?:\s*[:：]|\s+|$)"
)
_CHROME_ANYWHERE = compiled(
    r"版权所有|版权声明|ICP备|未经.{0,12}授权|不得转载|网站标识码|分辨率|浏览器|当前位置|打印本页|关闭窗口|字体[:：]?\s*大\s*中\s*小"
)
_CHROME_LINE = compiled(
    r"^(?:首页|网站首页|下载|打印|全屏|收藏|分享|加大|还原|减小|小|中|大|】|【?字[号体][:：]?|全文|原创\S{0,4}|阅读\d+|"
    r"[|>•·\-—_=*#]+|\d{4}-\d{2}-\d{2}|\d{4}-\d{2}-\d{2} \d{2}:\d{2}(?::\d{2})?)$"
)
# A site's display toolbar: accessibility and elder modes, script and language switches.
_TOOLBAR_LINE = compiled(
    r"^(?:(?:无障碍(?:浏览|阅读|服务)?|长者模式|长辈版|关怀(?:版|模式)|适老(?:化|模式|版)|简体版?|繁体版?|繁體|English|手机版|移动版|"
    r"登录|注册|公务邮|微信|微博)"
    r"\s*[|｜/]?\s*)+$"
)
_DATETIME = compiled(r"\d{4}-\d{1,2}-\d{1,2}\s+\d{1,2}:\d{2}")
_PAGE_NUMBER = compiled(r"^[-—－–]\s*\d{1,4}\s*[-—－–]$|^第\s*\d{1,4}\s*页(?:\s*共\s*\d+\s*页)?$|^\d{1,3}$")
_BYLINE = compiled(
    r"^(?:本报)?(?:记者|通讯员|文\s*/)\s*\S{2,12}(?:\s+\S{2,4}){0,3}$|.{0,30}记者\s*\S{2,4}\s*摄$|^.{0,24}\s摄$"
)
_INLINE_BYLINE = compiled(r"[（(](?:本报)?记者[^()（）]{1,30}[)）]")
_NAV_TOKENS = compiled(r"^(?:\S{1,6}\s+){4,}\S{1,6}$")
_SPACED_DOCUMENT = compiled(
    rf"(?:[{HAN}][ \u3000]+){{3,}}(?:报[ \u3000]*告|讲[ \u3000]*话|方[ \u3000]*案|意[ \u3000]*见|通[ \u3000]*知|办[ \u3000]*法|条[ \u3000]*例|要[ \u3000]*点|规[ \u3000]*划|计[ \u3000]*划)"
)


def _is_chrome(line: str) -> bool:
    stripped = line.strip().lstrip("•·●▪◆■□").strip()
    if not stripped:
        return False
    squeezed = re.sub(rf"(?<=[{HAN}])\s+(?=[{HAN}])", "", stripped)
    if len(stripped) <= 80 and (
        _CHROME_FIELD.match(squeezed) or _CHROME_FIELD.match(stripped) or _CHROME_LINE.match(stripped)
    ):
        return True
    if stripped.startswith(("<!--", "-->", "</")) or re.match(r"^<[a-zA-Z][^>]*>$", stripped):
        return True
    if len(stripped) <= 60 and re.search(r"来源[:：]", stripped):
        return True
    if stripped.count(">") >= 2 and not re.search("[，。；]", stripped):
        return True
    if len(stripped) <= 200 and _CHROME_ANYWHERE.search(stripped):
        return True
    if len(stripped) <= 40 and _DATETIME.search(stripped) and not re.search("[。，；]", stripped):
        return True
    if _PAGE_NUMBER.match(stripped) or _BYLINE.match(stripped) or _TOOLBAR_LINE.match(stripped):
        return True
    if _SPACED_DOCUMENT.fullmatch(stripped):
        return False  # a title set in spaced characters (政 府 工 作 报 告), not a menu's words
    return bool(_NAV_TOKENS.match(stripped)) and not re.search("[，。；：]", stripped)


def _lines(text: str) -> list[tuple[int, int]]:
    spans = []
    pos = 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def pass_anti_copy_tokens(mt: MappedText, repairs: list[Repair], warnings: list[str]) -> MappedText:
    """Remove short mixed-case tokens (PZl, C6m) that a site sprinkles through its text."""
    text = mt.text
    counts = Counter(
        m.group(1)
        for m in re.finditer(
            rf"(?<=[{HAN}{CJK_PUNCT}\s:：,.])([A-Za-z][A-Za-z0-9]{{1,3}})(?=[\s{HAN}{CJK_PUNCT}]|$)", text
        )
    )
    tokens = [t for t, n in counts.items() if n >= 3 and _looks_random(t)]
    if not tokens:
        return mt
    pattern = re.compile(
        "|".join("\n?".join(re.escape(c) for c in t) for t in sorted(tokens, key=len, reverse=True))
    )
    edits: list[Edit] = []
    for m in pattern.finditer(text):
        # A token at the end of a line marks the end of a paragraph there: keep that fact.
        at_line_end = m.end() == len(text) or text[m.end()] == "\n"
        # On a page flattened to one line the tokens stand where the paragraph breaks were.
        after_sentence = (
            m.start() > 0 and text[m.start() - 1] in "。！？；：!?;" and _line_length(text, m.start()) > 1000
        )
        mark = PARAGRAPH_END if at_line_end else ("\n" if after_sentence else "")
        edits.append((m.start(), m.end(), mark, "anti-copy-token", ""))
    return mt.apply(edits, repairs)


def _line_length(text: str, at: int) -> int:
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    return (len(text) if end < 0 else end) - start


PARAGRAPH_END = "\u2029"


def _looks_random(token: str) -> bool:
    has_upper = any(c.isupper() for c in token)
    has_lower = any(c.islower() for c in token)
    has_digit = any(c.isdigit() for c in token)
    return (has_upper and has_lower) or (has_digit and (has_upper or has_lower) and not token[-1].isdigit())


def pass_boilerplate(mt: MappedText, repairs: list[Repair], warnings: list[str]) -> MappedText:
    text = mt.text
    edits: list[Edit] = []
    spans = _lines(text)
    drop_next = False
    for start, end in spans:
        line = text[start:end]
        if drop_next and not line.strip():
            continue
        # the value of a chrome field (来源： / 古县人民政府); a line ending in a colon is no value but
        # the next thing said (【字体： then 各乡镇人民政府，区直各单位：)
        value_line = (
            drop_next
            and 0 < len(line.strip()) <= 40
            and not re.search("[，。；]", line)
            and not line.rstrip().endswith((":", "："))
        )
        drop_next = False
        if value_line or _is_chrome(line):
            edits.append((start, min(end + 1, len(text)), "", "boilerplate", ""))
            drop_next = not value_line and line.rstrip().endswith((":", "："))
        else:
            edits.extend(
                (start + m.start(), start + m.end(), "", "boilerplate", "byline")
                for m in _INLINE_BYLINE.finditer(line)
            )
    return mt.apply(edits, repairs)


def pass_duplicates(mt: MappedText, repairs: list[Repair], warnings: list[str]) -> MappedText:
    """Drop paragraphs seen before (a page captured twice).

    Short lines (headings, 各位代表！) may repeat legitimately, so a short line seen before is
    dropped only as part of a repeated capture: when the paragraph of 16+ characters next to
    it, after or before, is itself a repeat and stood on the same side of an earlier occurrence
    of the line (the same heading over the same paragraph: the same block captured again).
    """
    text = mt.text
    lines = [(start, end, text[start:end].strip()) for start, end in _lines(text)]
    lines = [(start, end, line) for start, end, line in lines if line]
    long_seen: set[str] = set()
    repeated = [False] * len(lines)
    for i, (_start, _end, line) in enumerate(lines):
        if len(line) >= 16:
            repeated[i] = line in long_seen
            long_seen.add(line)
    # the nearest paragraph of 16+ characters before and after each line (index, or -1)
    before = [-1] * len(lines)
    after = [-1] * len(lines)
    last = -1
    for i, (_s, _e, line) in enumerate(lines):
        before[i] = last
        if len(line) >= 16:
            last = i
    last = -1
    for i in range(len(lines) - 1, -1, -1):
        after[i] = last
        if len(lines[i][2]) >= 16:
            last = i
    contexts: set[tuple[str, str, str]] = set()  # (short line, side, neighbouring paragraph)
    edits: list[Edit] = []
    # A running header: a title-like line (no sentence end, no heading marker) standing alone three
    # times or more, as a PDF page header or a site repeating its title; the first one stays.
    standalone = Counter(line for _s, _e, line in lines if 8 <= len(line) <= 40)
    headers = {
        line
        for line, n in standalone.items()
        if n >= 3
        and line[-1] not in _SENTENCE_END
        and not re.search("[。！？；]", line)
        and not _HEADING_START().match(line)
    }
    seen_headers: set[str] = set()
    for i, (start, end, line) in enumerate(lines):
        if line in headers:
            if line in seen_headers:
                edits.append((start, min(end + 1, len(text)), "", "duplicate", "running header"))
            seen_headers.add(line)
            continue
        if len(line) >= 16:
            if repeated[i]:
                edits.append((start, min(end + 1, len(text)), "", "duplicate", ""))
            continue
        keys = [
            (line, side, near[i]) for side, near in (("after", after), ("before", before)) if near[i] >= 0
        ]
        if any((line, side, lines[at][2]) in contexts and repeated[at] for line, side, at in keys):
            edits.append((start, min(end + 1, len(text)), "", "duplicate", "repeated capture"))
        contexts.update((line, side, lines[at][2]) for line, side, at in keys)
    if len(edits) > 5:
        warnings.append(f"{len(edits)} repeated paragraphs removed (text captured more than once?)")
    return mt.apply(edits, repairs)


_SENTENCE_END = "。！？；：!?;:”」』】\u2029"
_HEADING_START = _lazy(
    r"^(?:[一二三四五六七八九十]{1,3}[、是要]|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[.．、)）](?:(?!\d)|(?=(?:19|20)\d\d[年“]))|第[一二三四五六七八九十]+[，、,是]|"
    "[\u2460-\u2487]|聚焦|——|[-—－–]\\s*\\d)"
)


_INLINE_ORDINAL = compiled(r"(?:^|[；;。：:])(十[一二三四五六七八九]?|[一二三四五六七八九])是")


def _split_enumeration(line: str, nxt: str) -> bool:
    if not line or not nxt or line[-1] in _SENTENCE_END or not re.match(f"[{HAN}]", nxt):
        return False
    numbers = [cn_to_int(m.group(1)) for m in _INLINE_ORDINAL.finditer(line)]
    if len(numbers) < 2 or numbers != list(range(numbers[0] or 0, (numbers[0] or 0) + len(numbers))):
        return False
    following = _INLINE_ORDINAL.search(nxt)
    return (
        following is not None
        and following.start() > 0
        and cn_to_int(following.group(1)) == (numbers[-1] or 0) + 1
    )


def pass_hard_breaks(mt: MappedText, repairs: list[Repair], warnings: list[str]) -> MappedText:
    """Join lines broken inside sentences (PDF or fixed-width text)."""
    text = mt.text
    spans = _lines(text)
    lines = [text[s:e] for s, e in spans]
    long_lines = [ln for ln in lines if len(ln) >= 15]
    open_lines = [ln for ln in long_lines if ln[-1] not in _SENTENCE_END]
    if len(open_lines) < 4 or len(open_lines) < 0.6 * len(long_lines):
        # a text of whole paragraphs: only a run of 一是…；二是… broken inside an item, the next
        # line going on with that item and then the next number (…五是加大 / 医疗卫生投入…；六是…)
        split = [
            (end, end + 1, "", "line-break", "an enumeration split by a line break")
            for (_start, end), line, nxt in zip(spans, lines, lines[1:], strict=False)
            if _split_enumeration(line, nxt)
        ]
        return mt.apply(split, repairs) if split else mt
    # The width the text was wrapped at; a heading line well short of it ended there (一、过去五年
    # 及2022年工作回顾 over a paragraph), as a wrapped one would have filled the line.
    width = statistics.median(len(ln) for ln in open_lines)
    edits: list[Edit] = []
    for (_start, end), line, nxt in zip(spans, lines, lines[1:], strict=False):
        closed = line[-1:] in _SENTENCE_END or (line[:1] in "(（" and line[-1:] in ")）")
        short_heading = len(line) < 0.8 * width and _HEADING_START().match(line) is not None
        if len(line) >= 12 and not closed and not short_heading and nxt and not _HEADING_START().match(nxt):
            edits.append((end, end + 1, "", "line-break", ""))
    return mt.apply(edits, repairs)


# A heading marker cut by a line break: "…。（" / "三）标题" (PDF and web converters).
_SPLIT_MARKER = compiled(
    r"([（(])\n(?=[一二三四五六七八九十\d]{1,3}[）)])|[（(]([一二三四五六七八九十\d]{1,3})\n(?=[）)])|第\n(?=[一二三四五六七八九十]{1,3}[章节条部])"
    # the number alone on its line, its mark opening the next: "一" / "、标题", "第三" / "章"
    # (a digit alone on its line is a page number, removed before)
    r"|(?:(?<=^)|(?<=\n))(?:[一二三四五六七八九十]{1,3}\n(?=[、．.][^\d\n])|第[一二三四五六七八九十]{1,3}\n(?=[章节条]))"
)


def pass_split_markers(mt: MappedText, repairs: list[Repair], warnings: list[str]) -> MappedText:
    edits: list[Edit] = []
    for m in _SPLIT_MARKER.finditer(mt.text):
        joined = m.group().replace("\n", "")
        at_line_start = m.start() == 0 or mt.text[m.start() - 1] == "\n"
        edits.append(
            (
                m.start(),
                m.end(),
                joined if at_line_start else "\n" + joined,
                "line-break",
                "heading marker split by a line break",
            )
        )
    return mt.apply(edits, repairs)


# A page flattened with a space where each paragraph ended (…提出意见。 一、xxxx年工作回顾 过去的一年…).
_SPACED_BREAK = compiled(r"(?<=[。！？!?：:])[ \u3000]+(?=\S)")
_SPACED_HEADING = compiled(
    r"((?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)])[^，,。；;：:\s]{2,24})[ \u3000]+(?=\S)"
)


_SPACED_ARTICLE = compiled(
    r"[ \u3000]+(?=第[一二三四五六七八九十百零]{1,5}[章节条][ \u3000])|[ \u3000]+[-—_=]{6,}[ \u3000]+"
)


def pass_spaced_paragraphs(mt: MappedText, repairs: list[Repair], warnings: list[str]) -> MappedText:
    """Restore the paragraph breaks of a long line whose sentences end in a space three times or more:
    the spaces stand where the breaks were (before the spaces inside lines are removed)."""
    text = mt.text
    if "。 " not in text and "： " not in text and ": " not in text:
        return mt
    edits: list[Edit] = []
    for start, end in _lines(text):
        if end - start < FLAT_LINE:
            continue
        hits = list(_SPACED_BREAK.finditer(text, start, end))
        if len(hits) < 3:
            continue
        # a regulation's chapters and articles, each after a space (… (征求意见稿) 第一章 总则 第一条 为了…),
        # and a rule of dashes between a notice and the text it publishes
        taken = {m.start() for m in hits}
        hits += [m for m in _SPACED_ARTICLE.finditer(text, start, end) if m.start() not in taken]
        hits.sort(key=lambda m: m.start())
        edits.extend((m.start(), m.end(), "\n", "line-break", "paragraph break restored") for m in hits)
        for at in [start] + [m.end() for m in hits]:
            heading = _SPACED_HEADING.match(text, at, end)  # 一、xxxx年工作回顾 过去的一年，…
            if heading:
                edits.append((heading.end(1), heading.end(), "\n", "line-break", "paragraph break restored"))
    return mt.apply(edits, repairs)


# Numbered lines whose dot was lost with the decimal points of the page ("1 经济发展平稳。").
_LOST_DOT = compiled(rf"^[ \u3000]*(\d{{1,2}})[ \u3000]+(?=[{HAN}])", re.M)


def pass_lost_dots(mt: MappedText, repairs: list[Repair], warnings: list[str]) -> MappedText:
    """Give back the dot after the numbers that open lines, when those lines count 1, 2, 3… and
    there are at least two of them."""
    text = mt.text
    marks = list(_LOST_DOT.finditer(text))
    if len(marks) < 2 or [int(m.group(1)) for m in marks] != list(range(1, len(marks) + 1)):
        return mt
    return mt.apply([(m.end(1), m.end(), ".", "lost-dot", "the dot after a number") for m in marks], repairs)


# A document site's copy numbers its stored chunks (1、… 2、的质量更高了。…), each cut mid-sentence.
_CHUNK_NUMBER = compiled(r"^(\d{1,3})、", re.M)
_CHUNK_END = "。！？；：”」』!?;:)）"


def pass_chunk_numbers(mt: MappedText, repairs: list[Repair], warnings: list[str]) -> MappedText:
    """Remove the numbers a document site puts before its chunks, and join each chunk to the one
    before it: only when the text opens with chunk 1, the numbers run 1, 2, 3… on every line that
    has one, and every chunk but the last ends inside a sentence."""
    text = mt.text
    if not text.startswith("1、") or "\n2、" not in text:
        return mt
    marks = list(_CHUNK_NUMBER.finditer(text))
    if [int(m.group(1)) for m in marks] != list(range(1, len(marks) + 1)):
        return mt
    for m in marks[1:]:
        before = text[: m.start()].rstrip()
        if not before or before[-1] in _CHUNK_END:
            return mt
    edits: list[Edit] = [(0, marks[0].end(), "", "chunk-number", "a document site's chunk number")]
    for m in marks[1:]:
        gap = len(text[: m.start()]) - len(text[: m.start()].rstrip())
        edits.append((m.start() - gap, m.end(), "", "chunk-number", "a document site's chunk number"))
    return mt.apply(edits, repairs)


# A flattened page: headings run on after the previous sentence ("…发展。二、坚持…").
_RUN_ON_HEADING = compiled(
    r"(?<=[。！？；])\s*(?=(?:[一二三四五六七八九十]{1,3}、(?![一二三四五六七八九十两])|[（(][一二三四五六七八九十]{1,3}[）)]|第[一二三四五六七八九十百]{1,4}[章条节])"
    r"[^。！？；\n]{2,30}[。！？；\n])"
)
# A longer or unpunctuated heading run on after a sentence end or a colon: taken only where its
# family runs in sequence on the line (一、…二、, and then （一）…（二）); 一、二级 is a range.
_RUN_ON_MARKER = compiled(
    rf"(?<=[。！？；：:!?;])\s*(?=(?:(?P<cn>[一二三四五六七八九十]{{1,3}})、(?![一二三四五六七八九十两])"
    rf"|[（(](?P<paren>[一二三四五六七八九十]{{1,3}})[）)])[{HAN}“])"
)
_ANNOUNCED_PARTS = compiled(
    r"(?:讲|谈|强调|提|说)(?:以下)?[两二三四五六七八九十几]+(?:个问题|点意见|个方面(?:的问题|的意见)?|点)[。：:]\s*$"
)
# A heading run into the first task under it (一、主要工作目标1.2007年是…, 二、…建设2.坚持…): the
# number follows the heading's last character and opens a year or a sentence, not a decimal.
_RUN_IN_NUMBER = _lazy(rf"(?<=[{HAN}])(\d{{1,2}})[.．](?=(?:19|20)\d\d年|[{HAN}])")
_CN_VALUE = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)}
FLAT_LINE = 400


def _cn_value(numeral: str) -> int:
    if numeral.startswith("十"):
        return 10 + _CN_VALUE.get(numeral[1:], 0) if len(numeral) > 1 else 10
    if "十" in numeral:
        tens, _, units = numeral.partition("十")
        return _CN_VALUE.get(tens, 0) * 10 + _CN_VALUE.get(units, 0)
    return _CN_VALUE.get(numeral, 0)


def pass_flattened(mt: MappedText, repairs: list[Repair], warnings: list[str]) -> MappedText:
    """Restore paragraph breaks before headings on lines of a page flattened to one line."""
    text = mt.text
    edits: list[Edit] = []
    for start, end in _lines(text):
        if end - start < FLAT_LINE:
            continue
        breaks = {m.start(): m for m in _RUN_ON_HEADING.finditer(text, start, end)}
        found: dict[str, dict[int, re.Match[str]]] = {"cn": {}, "paren": {}}
        for m in _RUN_ON_MARKER.finditer(text, start, end):
            family = "cn" if m.group("cn") else "paren"
            found[family].setdefault(_cn_value(m.group(family)), m)
        # （一）…（二）… inside one long paragraph is an enumeration of its own (…以下的观点：（一）…);
        # they are headings only on a line whose 一、二、 show it is a whole page flattened
        top = [m for n, m in found["cn"].items() if n - 1 in found["cn"] or n + 1 in found["cn"]]
        sub = [m for n, m in found["paren"].items() if n - 1 in found["paren"] or n + 1 in found["paren"]]
        # a speech announces its parts before the first (下面，我讲三点意见：一、…): that one opens a part
        # even where the page is cut before the second
        first = found["cn"].get(1)
        if (
            first is not None
            and not top
            and _ANNOUNCED_PARTS.search(text, max(start, first.start() - 24), first.start())
        ):
            top = [first]
        for m in top + (sub if top else []):
            breaks.setdefault(m.start(), m)
        edits.extend(
            (m.start(), m.end(), "\n", "line-break", "paragraph break restored")
            for _at, m in sorted(breaks.items())
        )
        edits.extend(_numbers_run_into_headings(text, sorted(breaks), end))
    return mt.apply(edits, repairs)


def _numbers_run_into_headings(text: str, breaks: list[int], end: int) -> list[Edit]:
    """Breaks between the restored 一、 headings and the 1. 2. … run into them, where those numbers
    count on from heading to heading (the tasks of a division are numbered through its parts)."""
    found: list[tuple[int, int]] = []  # (position, number)
    for at in breaks:
        heading = re.match(r"\s*[一二三四五六七八九十]{1,3}、", text[at:end])
        if heading is None:
            continue
        head = text[at + heading.end() : min(end, at + heading.end() + 30)]
        stop = re.search("[。！？；：:!?;，,]", head)
        m = _RUN_IN_NUMBER().search(head, 2, stop.start() if stop else len(head))
        if m:
            found.append((at + heading.end() + m.start(), int(m.group(1))))
    numbers = [n for _, n in found]
    if len(found) < 2 or numbers[0] != 1 or numbers != sorted(set(numbers)):
        return []
    return [(at, at, "\n", "line-break", "paragraph break restored") for at, _ in found]


# Full-width indentation (GBK a1 a1) turned into "??" by a byte-level conversion.
# (also with the spaces between them kept: "? ? ——坚决打赢…")
_LOST_INDENT = compiled(r"^\?(?:[ \u3000]?\?)+[ \u3000]*(?=[^?\s])", re.M)
_QUESTION_RUN = _lazy(rf"(?<=[{HAN}，。、])\?{{2,}}|\?{{2,}}(?=[{HAN}])")


# A pinyin gloss whose character and opening parenthesis were lost to the encoding (收官?zèng)_刺).
_LOST_GLOSS = compiled(
    rf"\?(?=[{_TONED}]{{0,6}}[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ])[{_TONED}]{{1,7}}[)）][!-/:-@\[-`{{-~]?"
)


def pass_lost_marks(mt: MappedText, repairs: list[Repair], warnings: list[str]) -> MappedText:
    glosses = list(_LOST_GLOSS.finditer(mt.text)) if "?" in mt.text else []
    for m in glosses:
        repairs.append(
            Repair(
                "mojibake-unrepaired",
                *mt.original_span(m.start(), m.end()),
                m.group(),
                m.group(),
                "a character and its pinyin gloss lost",
            )
        )
    if glosses:
        warnings.append(f"{len(glosses)} character(s) lost with their pinyin gloss: check those places")
    if "??" not in mt.text and "? ?" not in mt.text:
        return mt
    edits: list[Edit] = [
        (m.start(), m.end(), "", "mojibake", "full-width indentation lost as question marks")
        for m in _LOST_INDENT.finditer(mt.text)
    ]
    mt = mt.apply(edits, repairs)
    flagged = [m for m in _QUESTION_RUN().finditer(mt.text)]
    for m in flagged:
        repairs.append(
            Repair(
                "mojibake-unrepaired",
                *mt.original_span(m.start(), m.end()),
                m.group(),
                m.group(),
                "characters lost",
            )
        )
    if flagged:
        warnings.append(f"{len(flagged)} run(s) of '??' left by a lost encoding: check those places")
    return mt


_DOUBLED = compiled(r"[,，](?=[,，、。；;！!？?])")


def pass_doubled_punctuation(mt: MappedText, repairs: list[Repair], warnings: list[str]) -> MappedText:
    return mt.apply(
        [(m.start(), m.end(), "", "doubled-comma", "") for m in _DOUBLED.finditer(mt.text)], repairs
    )


def pass_tidy(mt: MappedText, repairs: list[Repair], warnings: list[str]) -> MappedText:
    # The paragraph marks left by anti-copy tokens were reported with the token itself.
    mt = mt.apply([(m.start(), m.end(), "", "", "") for m in re.finditer(PARAGRAPH_END, mt.text)], [])
    edits: list[Edit] = [
        (m.start(), m.end(), "\n", "whitespace", "") for m in re.finditer(r"\n{2,}", mt.text)
    ]
    mt = mt.apply(edits, repairs)
    edits = []
    if mt.text.startswith("\n"):
        edits.append((0, 1, "", "whitespace", ""))
    if mt.text.endswith("\n") and len(mt.text) > 1:
        edits.append((len(mt.text) - 1, len(mt.text), "", "whitespace", ""))
    return mt.apply(edits, repairs)


def pass_edge_whitespace(mt: MappedText, repairs: list[Repair], warnings: list[str]) -> MappedText:
    return mt.apply(
        [(m.start(), m.end(), "", "whitespace", "") for m in _EDGE_SPACE.finditer(mt.text)], repairs
    )


PASSES = (
    # Markup first: its entities (&nbsp;) and tags make the spaces and lines the next passes see.
    pass_html,
    pass_characters,
    pass_edge_whitespace,
    # Debris first: a pinyin parenthesis can stand right before a mojibake pattern (字(zì)?,X).
    pass_pinyin_debris,
    pass_mojibake,
    pass_lost_marks,
    pass_simplified,
    pass_fullwidth,
    pass_boilerplate,
    pass_anti_copy_tokens,
    pass_chunk_numbers,
    pass_spaced_paragraphs,
    pass_lost_dots,
    pass_whitespace,
    pass_split_markers,
    pass_flattened,
    pass_hard_breaks,
    pass_duplicates,
    pass_doubled_punctuation,
    pass_tidy,
)
