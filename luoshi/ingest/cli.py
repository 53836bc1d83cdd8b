"""Command line: ``luoshi ingest FILE`` / ``python -m luoshi.ingest FILE``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from luoshi.ingest.errors import IngestError
from luoshi.ingest.model import Draft, Item

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_BAD_INPUT = 3


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="luoshi ingest",
        description="Turn a Chinese policy text into a reviewable draft plan (把政策文本转为可审核的工作方案草稿).",
    )
    parser.add_argument(
        "file", nargs="?", help="text file to ingest, any common Chinese encoding; '-' reads stdin"
    )
    parser.add_argument(
        "--json", action="store_true", help="print the draft as JSON (format: docs/ingest.md)"
    )
    parser.add_argument(
        "--no-repairs", action="store_true", help="leave the repair list out of the JSON (counts stay)"
    )
    parser.add_argument("--text", action="store_true", help="print the normalised text instead of the draft")
    parser.add_argument(
        "--evaluate",
        metavar="DIR",
        action="append",
        help="score every text in DIR that has a gold file (repeatable)",
    )
    parser.add_argument(
        "--gold", metavar="GOLDDIR", action="append", default=[], help="extra folder of gold files"
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="with --evaluate: titles must be equal, or one contain the other at 80 %% of its length",
    )
    parser.add_argument(
        "--gold-only",
        action="store_true",
        help="with --evaluate: use only the --gold folders, not gold files beside the texts",
    )
    parser.add_argument("--per-document", action="store_true", help="with --evaluate: one line per text")
    parser.add_argument(
        "--misses", action="store_true", help="with --evaluate: list what was missed (-) or extra (+)"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.evaluate:
        return _evaluate(args)
    if not args.file:
        parser.print_usage(sys.stderr)
        print("luoshi ingest: a FILE or --evaluate DIR is required", file=sys.stderr)
        return EXIT_USAGE
    from luoshi.ingest import ingest_file, ingest_text

    try:
        draft = ingest_text(sys.stdin.buffer.read()) if args.file == "-" else ingest_file(args.file)
    except IngestError as error:
        print(f"luoshi ingest: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as error:
        print(f"luoshi ingest: 无法读取文件 / cannot read file: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.text:
        print(draft.text)
    elif args.json:
        print(json.dumps(draft.to_dict(include_repairs=not args.no_repairs), ensure_ascii=False, indent=1))
    else:
        print(render(draft))
    return EXIT_OK


def _evaluate(args: argparse.Namespace) -> int:
    from luoshi.ingest.evaluate import evaluate, format_report

    folders = [Path(f) for f in args.evaluate]
    for folder in folders:
        if not folder.is_dir():
            print(f"luoshi ingest: 不是文件夹 / not a folder: {folder}", file=sys.stderr)
            return EXIT_USAGE
    report = evaluate(folders, [Path(g) for g in args.gold], strict=args.strict, beside=not args.gold_only)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=1))
    else:
        print(format_report(report, per_document=args.per_document or args.misses, show_misses=args.misses))
    return EXIT_OK


def render(draft: Draft) -> str:
    """A readable outline of the draft, for people at a terminal."""
    lines = [f"标题 title: {draft.title}", f"编码 encoding: {draft.encoding}"]
    for framework in draft.frameworks:
        number = f" [{framework.slogan_number}]" if framework.slogan_number else ""
        lines.append(
            f"\n框架 framework: {framework.name}{number} ({framework.source}, {framework.confidence:.2f})"
        )
        for item in framework.items:
            _render_item(item, 1, lines)
    if draft.projects:
        lines.append("\n项目 projects: " + "；".join(p.name for p in draft.projects))
    if draft.targets:
        lines.append(
            "指标 targets: "
            + "；".join(f"{t.text} [{t.value:g}{t.unit}]" for t in draft.targets if t.value is not None)
        )
    if draft.units:
        lines.append("单位 units: " + "；".join(draft.units))
    if draft.deadlines:
        lines.append("时限 deadlines: " + "；".join(f"{d.text} [{d.date}]" for d in draft.deadlines))
    for mismatch in draft.mismatches:
        lines.append(f"不符 mismatch: {mismatch.where}: expected {mismatch.expected}, found {mismatch.found}")
    lines.append("修复 repairs: " + ", ".join(f"{k} {v}" for k, v in draft.repair_counts().items()))
    lines.extend(f"警告 warning: {w}" for w in draft.warnings)
    return "\n".join(lines)


def _render_item(item: Item, depth: int, lines: list[str]) -> None:
    extras = []
    if item.lead_units:
        extras.append("牵头 " + "、".join(item.lead_units))
    if item.projects:
        extras.append("项目 " + "、".join(p.name for p in item.projects))
    suffix = f"  ({'; '.join(extras)})" if extras else ""
    lines.append(f"{'  ' * depth}- [{item.kind} {item.confidence:.2f}] {item.title}{suffix}")
    for child in item.children:
        _render_item(child, depth + 1, lines)
