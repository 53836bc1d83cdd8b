"""Speed of the ingest core: prints figures, asserts nothing.

    python benchmarks/ingest/bench_speed.py [CORPUS_DIR]

Measures the seed (cold, in a fresh interpreter, and warm), throughput over every text
of the corpus, throughput on one large synthetic document, the time to refuse a 50 MB
upload, and the libraries the normaliser leans on.  The seed and corpus are read from
the shared folder beside the repository; nothing is copied.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
SHARED = REPO / ".." / "shared"
SEED = SHARED / "seeds" / "gu-county-1234-interview-2020.txt"


def seed_cold_ms() -> float:
    code = (
        "import time; t = time.perf_counter()\n"
        "from luoshi.ingest import ingest_file\n"
        f"ingest_file({str(SEED)!r})\n"
        "print((time.perf_counter() - t) * 1000)"
    )
    runs = []
    for _ in range(3):
        out = subprocess.run(
            [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
        )
        runs.append(float(out.stdout.strip()))
    return statistics.median(runs)


def seed_warm_ms() -> float:
    from luoshi.ingest import ingest_text

    data = SEED.read_bytes()
    ingest_text(data)
    runs = []
    for _ in range(20):
        start = time.perf_counter()
        ingest_text(data)
        runs.append((time.perf_counter() - start) * 1000)
    return statistics.median(runs)


def corpus_throughput(folder: Path) -> tuple[float, float, str, int]:
    from luoshi.ingest import IngestError, ingest_text

    texts = [(p.name, p.read_bytes()) for p in sorted(folder.glob("*.txt"))]
    for _, data in texts:  # warm the lazy tables
        try:
            ingest_text(data)
        except IngestError:
            pass
    total_bytes = 0
    total_time = 0.0
    slowest = (float("inf"), "")
    for name, data in texts:
        start = time.perf_counter()
        try:
            ingest_text(data)
        except IngestError:
            continue
        elapsed = time.perf_counter() - start
        total_bytes += len(data)
        total_time += elapsed
        slowest = min(slowest, (len(data) / elapsed / 1e6, name))
    return total_bytes / total_time / 1e6, slowest[0], slowest[1], len(texts)


def large_document_throughput(folder: Path, size: int = 5 * 1024 * 1024) -> tuple[float, int]:
    from luoshi.ingest import ingest_text

    parts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("gov-report-2026-*.txt"))]
    text = ""
    while len(text.encode()) < size:
        text += "\n".join(parts) + "\n"
    data = text.encode()[:size].decode("utf-8", errors="ignore").encode()
    start = time.perf_counter()
    ingest_text(data)
    return len(data) / (time.perf_counter() - start) / 1e6, len(data)


def corpus_cpu_throughput(folder: Path) -> float:
    """MB/s in CPU time (best of three passes): steadier than wall time on a busy machine."""
    from luoshi.ingest import IngestError, ingest_text

    texts = [p.read_bytes() for p in sorted(folder.glob("*.txt"))]
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        for data in texts:
            try:
                ingest_text(data)
            except IngestError:
                pass
        best = min(best, time.process_time() - start)
    return sum(len(d) for d in texts) / best / 1e6


def office_files() -> list[str]:
    """A Word file with automatic numbering (300 items) and a 200-page PDF, made here."""
    from luoshi.ingest import ingest_document

    lines = []
    try:
        from luoshi.ingest.tests.test_formats import SECTION, make_docx
    except ImportError:  # the test helpers need the dev extras
        return ["office files: skipped (install the dev extras)"]
    outline = [
        (level, f"第{i}项工作的{name}")
        for i in range(100)
        for level, name in ((0, "总体任务"), (1, "分项"), (2, "措施"))
    ]
    data = make_docx(outline)
    start = time.perf_counter()
    draft = ingest_document(data)
    lines.append(
        f"docx, {len(outline)} numbered paragraphs ({len(data) // 1024} KB): {(time.perf_counter() - start) * 1000:.0f} ms, "
        f"{len(draft.items)} top-level items"
    )
    try:
        import weasyprint
    except ImportError:
        return [*lines, "pdf: skipped (weasyprint is not installed)"]
    body = "".join(SECTION.format(n="一二三四五六七八九十"[i % 10], i=i + 1) for i in range(200))
    css = "body{font-family:'Noto Sans CJK SC','Noto Serif CJK SC',sans-serif}"
    pdf = weasyprint.HTML(
        string=f"<html><head><meta charset='utf-8'><style>{css}</style></head><body>{body}</body></html>"
    ).write_pdf()
    start = time.perf_counter()
    ingest_document(bytes(pdf))
    lines.append(f"pdf, 200 pages ({len(pdf) // 1024} KB): {(time.perf_counter() - start) * 1000:.0f} ms")
    return lines


def refuse_ms() -> float:
    from luoshi.ingest import IngestError, ingest_text

    data = b"a" * (50 * 1024 * 1024)
    start = time.perf_counter()
    try:
        ingest_text(data)
    except IngestError:
        pass
    return (time.perf_counter() - start) * 1000


def libraries(folder: Path) -> list[str]:
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt")))
    traditional = SEED.read_text(encoding="utf-8") * 40
    mb = len(traditional.encode()) / 1e6
    lines = []

    import opencc

    converter = opencc.OpenCC("t2s")
    start = time.perf_counter()
    converter.convert(traditional)
    lines.append(f"opencc (official wheel) t2s: {mb / (time.perf_counter() - start):.1f} MB/s")

    from luoshi.ingest import lexicon

    lexicon.readings("發")
    chars = [c for c in traditional if lexicon.is_han(c)]
    start = time.perf_counter()
    for char in chars:
        lexicon.readings.__wrapped__(char)
    lines.append(
        f"pinyin readings from pypinyin's table, uncached: {len(chars) / (time.perf_counter() - start) / 1e6:.2f} M chars/s"
    )

    from pypinyin import Style, pinyin

    sample = traditional[:20000]
    start = time.perf_counter()
    pinyin(sample, style=Style.TONE, heteronym=True)
    lines.append(
        f"pypinyin.pinyin(heteronym=True) on text: {len(sample.encode()) / (time.perf_counter() - start) / 1e6:.2f} MB/s"
    )

    import jieba

    jieba.initialize()
    sample = text[:300000]
    start = time.perf_counter()
    jieba.lcut(sample)
    lines.append(
        f"jieba.lcut on Simplified text: {len(sample.encode()) / (time.perf_counter() - start) / 1e6:.2f} MB/s (not used)"
    )
    return lines


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else SHARED / "corpus" / "public"
    if not SEED.is_file() or not folder.is_dir():
        print("the shared seed or corpus is not available; nothing to measure")
        return 0
    print(f"seed, fresh interpreter (import + first ingest): {seed_cold_ms():.0f} ms")
    print(f"seed, warm (median of 20): {seed_warm_ms():.1f} ms")
    rate, slowest, name, count = corpus_throughput(folder)
    print(f"corpus, {count} texts: {rate:.2f} MB/s overall; slowest {slowest:.2f} MB/s ({name})")
    print(f"corpus, CPU time: {corpus_cpu_throughput(folder):.2f} MB/s")
    big_rate, big_size = large_document_throughput(folder)
    print(f"one {big_size / 1e6:.1f} MB document: {big_rate:.2f} MB/s")
    print(f"50 MB upload refused in {refuse_ms():.1f} ms")
    for line in office_files():
        print(line)
    for line in libraries(folder):
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
