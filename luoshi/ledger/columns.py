"""The ledger's columns, their Chinese headers, and the synonyms offices use for them."""

from __future__ import annotations

import re
from functools import lru_cache

# (key, header) in the order of the exported layout; the last two are hidden bookkeeping columns.
COLUMNS: list[tuple[str, str]] = [
    ("number", "序号"),
    ("task", "工作任务"),
    ("measure", "具体措施"),
    ("lead_unit", "牵头单位"),
    ("cooperating_units", "配合单位"),
    ("leader", "责任领导"),
    ("due_date", "完成时限"),
    ("milestones", "节点目标"),
    ("progress_text", "进展情况"),
    ("problems", "存在问题"),
    ("next_steps", "下步打算"),
    ("progress", "完成率"),
    ("status", "状态"),
    ("id", "系统编号"),
    ("level", "层级"),
]
KEYS = [key for key, _header in COLUMNS]
INDEX = {key: i for i, key in enumerate(KEYS)}
VISIBLE = len(COLUMNS) - 2
WIDTHS = [7, 26, 34, 14, 16, 10, 13, 26, 34, 22, 22, 8, 8, 0, 0]

SYNONYMS: dict[str, list[str]] = {
    "number": ["序号", "编号", "序", "项目序号", "no", "no."],
    "task": [
        "工作任务",
        "重点任务",
        "主要任务",
        "任务",
        "工作事项",
        "事项",
        "重点工作",
        "工作内容",
        "任务名称",
        "目标任务",
        "工作重点",
    ],
    "measure": [
        "具体措施",
        "工作措施",
        "主要措施",
        "措施",
        "具体工作",
        "工作举措",
        "举措",
        "具体内容",
        "主要内容",
        "具体任务",
        "推进措施",
        "项目名称",
    ],
    "lead_unit": [
        "牵头单位",
        "责任单位",
        "牵头部门",
        "责任部门",
        "主责单位",
        "牵头责任单位",
        "承办单位",
        "主办单位",
        "责任主体",
    ],
    "cooperating_units": ["配合单位", "协办单位", "配合部门", "协同单位", "参与单位", "协助单位"],
    "leader": ["责任领导", "包联领导", "分管领导", "县级领导", "牵头领导", "责任县领导", "包联县领导"],
    "due_date": [
        "完成时限",
        "时限",
        "完成时间",
        "时间节点",
        "办结时限",
        "截止时间",
        "完成期限",
        "时间要求",
        "完成时限要求",
        "时限要求",
    ],
    "milestones": ["节点目标", "阶段目标", "节点任务", "时间节点目标", "序时目标", "阶段性目标"],
    "progress_text": ["进展情况", "推进情况", "完成情况", "工作进展", "进度情况", "落实情况", "工作推进情况"],
    "problems": ["存在问题", "存在的问题", "问题", "困难问题", "存在困难", "问题和困难"],
    "next_steps": ["下步打算", "下一步打算", "下步计划", "下一步工作", "下步措施", "下一步计划", "下步工作"],
    "progress": ["完成率", "完成进度", "进度", "完成比例", "完成百分比", "进度百分比", "完成率%"],
    "status": ["状态", "完成状态", "红黄绿灯", "亮灯情况", "灯号", "预警"],
    "id": ["系统编号", "luoshi编号", "id"],
    "level": ["层级", "级次"],
}
_LOOKUP = {name: key for key, names in SYNONYMS.items() for name in names}
_BY_LENGTH = sorted(_LOOKUP.items(), key=lambda kv: -len(kv[0]))
_NOISE = re.compile(r"[\s*＊:：]|[（(][^）)]*[）)]")

TITLE_KEYS = {"task", "measure"}


def header_key(text: object) -> str | None:
    """The column a header cell names, or None: '责任单位' → 'lead_unit', '完成时限（月底前）' → 'due_date'."""
    if not isinstance(text, str) or len(text) > 40:
        return None
    return _header_key(text)


@lru_cache(maxsize=2048)
def _header_key(text: str) -> str | None:
    clean = _NOISE.sub("", text).lower()
    if not clean or len(clean) > 20:
        return None
    if clean in _LOOKUP:
        return _LOOKUP[clean]
    for name, key in _BY_LENGTH:
        if len(name) >= 2 and name in clean:
            return key
    return None


def header_key_exact(text: object) -> str | None:
    """The column a cell names when it is nothing but a header's name ('具体措施', '工作任务（项目）')."""
    if not isinstance(text, str) or len(text) > 40:
        return None
    return _LOOKUP.get(_NOISE.sub("", text).lower())


def header_map(values: list[object]) -> dict[str, int]:
    """Column index of each recognised column in a header row (first occurrence wins)."""
    found: dict[str, int] = {}
    for index, value in enumerate(values):
        key = header_key(value)
        if key and key not in found:
            found[key] = index
    return found


def is_header(mapping: dict[str, int]) -> bool:
    return len(mapping) >= 3 and bool(TITLE_KEYS & mapping.keys())


STATUS_LABELS = {"green": "绿灯", "yellow": "黄灯", "red": "红灯", "done": "已完成", "none": "未评价"}
STATUS_FILLS = {"green": "C6EFCE", "yellow": "FFEB9C", "red": "FFC7CE", "done": "BDD7EE", "none": ""}
