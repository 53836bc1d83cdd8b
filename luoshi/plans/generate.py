"""Synthetic plans in the plan-file format, for benchmarks: realistic shape, deterministic for a seed."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from luoshi.plans.loader import FORMAT

PILLAR_WORDS = [
    "产业转型",
    "乡村振兴",
    "城市更新",
    "生态保护",
    "民生保障",
    "营商环境",
    "社会治理",
    "交通建设",
    "科技创新",
    "文旅融合",
]
VERBS = ["推进", "实施", "完善", "加快", "深化", "落实", "开展", "建设"]


def _shape(items: int) -> list[int]:
    """Branching per level so that pillars × tasks × measures × projects ≈ ``items``."""
    if items <= 10:
        return [items]
    pillars = 10
    per_pillar = max(1, items // pillars)
    tasks = min(50, max(1, round(per_pillar**0.34)))
    per_task = max(1, per_pillar // tasks)
    measures = min(50, max(1, round(per_task**0.5)))
    projects = max(0, per_task // measures - 1)
    return [pillars, tasks, measures, projects]


def generate_plan_data(*, items: int, code: str, rng: random.Random, year: int = 2020) -> dict[str, Any]:
    units = [
        {"name": f"示例单位{i:02d}", "short_name": f"单位{i:02d}", "is_demo": True} for i in range(1, 41)
    ]
    leaders = [{"name": f"示例领导{i:02d}", "position": "副县长", "is_demo": True} for i in range(1, 11)]
    start = dt.date(year, 1, 1)
    shape = _shape(items)
    budget = [items]

    def node(level: int, label: str) -> dict[str, Any]:
        budget[0] -= 1
        due = start + dt.timedelta(days=rng.randint(90, 364))
        kind = ["pillar", "task", "measure", "project"][min(level, 3)]
        data: dict[str, Any] = {
            "kind": kind,
            "number": label,
            "title": f"{rng.choice(VERBS)}{rng.choice(PILLAR_WORDS)}{kind}{label}",
            "lead_unit": rng.choice(units)["name"],
            "leader": rng.choice(leaders)["name"],
            "due_date": due.isoformat(),
            "progress": rng.randint(0, 100),
        }
        if kind == "project":
            data["planned_investment"] = str(rng.randint(100, 100000))
            data["location"] = "示例地点"
        if level + 1 < len(shape):
            children = []
            for i in range(shape[level + 1]):
                if budget[0] <= 0:
                    break
                children.append(node(level + 1, f"{label}.{i + 1}"))
            if children:
                data["children"] = children
                if level == 2 and rng.random() < 0.3:
                    data["milestones"] = [{"title": "节点", "due_date": due.isoformat()}]
        return data

    roots = [node(0, str(i + 1)) for i in range(shape[0]) if budget[0] > 0]
    # Top up to the exact count with extra measures under the first tasks.
    while budget[0] > 0:
        for pillar in roots:
            for task in pillar.get("children", [])[:1]:
                if budget[0] <= 0:
                    break
                task.setdefault("children", []).append(node(2, f"x{budget[0]}"))
    return {
        "format": FORMAT,
        "plan": {
            "code": code,
            "name": f"生成的计划（{items} 项）",
            "issuer": "示例县",
            "year": year,
            "start_date": start.isoformat(),
            "end_date": dt.date(year, 12, 31).isoformat(),
            "status_date": dt.date(year, 9, 30).isoformat(),
            "is_demo": True,
        },
        "units": units,
        "leaders": leaders,
        "items": roots,
    }
