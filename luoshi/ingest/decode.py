"""Bytes to text: UTF-8, UTF-16, GB18030/GBK and Big5, with or without BOM, and mixtures."""

from __future__ import annotations

import codecs

from luoshi.ingest.errors import IngestError
from luoshi.ingest.lazy import lazy as _lazy

MAX_BYTES = 20 * 1024 * 1024
# Below this share of common characters a decoding is taken for garbage (real text: ~0.9).
MIN_SCORE = 0.3

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CJK = _lazy(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]")
# Characters that are common in Chinese policy text; a wrong codec rarely produces them.
_COMMON = frozenset(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龍發業國會縣這個來為說們對時從過還經與進"
)


def decode_bytes(data: bytes) -> tuple[str, str, list[str]]:
    """Decode ``data``; return ``(text, encoding, warnings)`` or raise :class:`IngestError`."""
    if len(data) > MAX_BYTES:
        raise IngestError(
            f"文件过大（{len(data) // (1024 * 1024)} MB），上限为 {MAX_BYTES // (1024 * 1024)} MB。",
            f"The file is too large ({len(data) // (1024 * 1024)} MB); the limit is {MAX_BYTES // (1024 * 1024)} MB.",
            code="too_large",
        )
    if not data.strip():
        raise IngestError("文本为空。", "The text is empty.", code="empty")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec.replace("-sig", "") + "+bom", []
            except UnicodeDecodeError:
                break
    utf16 = _guess_utf16(data)
    if utf16:
        try:
            return data.decode(utf16), utf16, []
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:4096] and data[:4096].count(b"\x00") > 16:
        # Chinese UTF-16 without a BOM has zero bytes only where it has ASCII (digits, line ends).
        wide = _best_legacy(data, ("utf-16-le", "utf-16-be")) if len(data) % 2 == 0 else None
        if wide is not None and wide[0].count("\x00") == 0:
            return wide[0], wide[1], []
        raise IngestError("这是二进制文件，不是文本。", "This is a binary file, not text.", code="binary")
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    whole = _best_legacy(data)
    if whole is not None:
        return whole[0], whole[1], []
    return _decode_mixed(data)


def _guess_utf16(data: bytes) -> str | None:
    head = data[:4096]
    if len(head) < 4:
        return None
    even = head[0::2].count(0)
    odd = head[1::2].count(0)
    half = len(head) / 2
    if odd > half * 0.3 and even < half * 0.05:
        return "utf-16-le"
    if even > half * 0.3 and odd < half * 0.05:
        return "utf-16-be"
    return None


def _score(text: str) -> float:
    if not text:
        return 0.0
    common = sum(1 for ch in text if ch in _COMMON)
    cjk = len(_CJK().findall(text))
    return (common * 2 + cjk * 0.2) / len(text)


def _best_legacy(data: bytes, only: tuple[str, ...] = ()) -> tuple[str, str] | None:
    best: tuple[float, str, str] | None = None
    codecs_to_try = list(only) or ["gb18030", "big5"]
    if len(data) % 2 == 0 and not only:
        codecs_to_try += ["utf-16-le", "utf-16-be"]  # Chinese UTF-16 without a BOM has no zero bytes
    for codec in codecs_to_try:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        score = _score(text[:20000])
        if best is None or score > best[0]:
            best = (score, text, codec)
    if best is None or best[0] < MIN_SCORE:
        return None
    return best[1], best[2]


def _decode_mixed(data: bytes) -> tuple[str, str, list[str]]:
    """Decode line by line, each line with the codec that reads it best."""
    out: list[str] = []
    used: set[str] = set()
    bad = 0
    for line in data.split(b"\n"):
        try:
            out.append(line.decode("utf-8"))
            used.add("utf-8")
            continue
        except UnicodeDecodeError:
            pass
        legacy = _best_legacy(line)
        if legacy is not None:
            out.append(legacy[0])
            used.add(legacy[1])
        else:
            out.append(line.decode("gb18030", errors="replace"))
            used.add("gb18030")
            bad += 1
    text = "\n".join(out)
    warnings = [f"mixed encodings ({', '.join(sorted(used))}), decoded line by line"]
    if bad:
        warnings.append(f"{bad} line(s) could not be decoded cleanly; undecodable bytes became U+FFFD")
    if text and text.count("\ufffd") > len(text) * 0.3:
        raise IngestError(
            "无法识别文本编码，可能是二进制文件。",
            "Cannot detect the text encoding; the file may be binary.",
            code="binary",
        )
    return text, "mixed", warnings


def check_text(text: str) -> None:
    """Refuse text that is empty or mostly control characters (a binary file read as text)."""
    if not text.strip():
        raise IngestError("文本为空。", "The text is empty.", code="empty")
    sample = text[:20000]
    controls = sum(1 for ch in sample if (ch < " " and ch not in "\n\r\t\f") or ch == "\ufffd")
    if controls > len(sample) * 0.1:
        raise IngestError("这是二进制文件，不是文本。", "This is a binary file, not text.", code="binary")
