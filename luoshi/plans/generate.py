"""Synthetic plans in the plan-file format, for benchmarks: realistic shape, deterministic for a seed."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass
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


# A plan's pillars with the titles of their tasks, in order.
Outline = list[tuple[str, list[str]]]


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


def generate_plan_data(
    *,
    items: int,
    code: str,
    rng: random.Random,
    year: int = 2020,
    issuer: str = "示例县",
    position: str = "副县长",
    aligned_to: tuple[str, Outline] | None = None,
) -> dict[str, Any]:
    """A plan of ``items`` items. With ``aligned_to`` (a plan code and that plan's outline), pillar n
    carries out the plan's pillar n, and task m under it that pillar's task m (both counted round)."""
    units = [
        {"name": f"示例单位{i:02d}", "short_name": f"单位{i:02d}", "is_demo": True} for i in range(1, 41)
    ]
    leaders = [{"name": f"示例领导{i:02d}", "position": position, "is_demo": True} for i in range(1, 11)]
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
    if aligned_to is not None:
        _align(roots, *aligned_to)
    return {
        "format": FORMAT,
        "plan": {
            "code": code,
            "name": f"生成的计划（{items} 项）",
            "issuer": issuer,
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


def outline(data: dict[str, Any]) -> Outline:
    """The pillars of plan-file ``data`` with the titles of their tasks."""
    return [
        (pillar["title"], [task["title"] for task in pillar.get("children", [])]) for pillar in data["items"]
    ]


def _align(roots: list[dict[str, Any]], code: str, above: Outline) -> None:
    if not above:
        return
    for n, pillar in enumerate(roots):
        title, tasks = above[n % len(above)]
        pillar["aligned_to"] = {"plan": code, "title": title}
        for m, task in enumerate(pillar.get("children", []) if tasks else []):
            task["aligned_to"] = {"plan": code, "title": tasks[m % len(tasks)]}


@dataclass(frozen=True)
class CascadePlan:
    """One organisation of a generated cascade (its parent's code first made) and its plan's data."""

    code: str
    name: str
    level: str
    parent: str | None
    short_name: str
    data: dict[str, Any]


def generate_cascade(
    *,
    counties: int,
    cities: int = 0,
    items: int,
    city_items: int = 2000,
    province_items: int = 2000,
    seed: int = 1,
    prefix: str = "generated",
) -> Iterator[CascadePlan]:
    """A city of ``counties`` counties or, with ``cities``, a province of that many such cities; each
    organisation with a plan aligned to its parent's. Top down, one plan at a time (a province's
    700,000 items are never all in memory)."""
    rng = random.Random(seed)
    if cities:
        top = CascadePlan(
            code=f"{prefix}-province",
            name="示例省",
            level="province",
            parent=None,
            short_name="省",
            data=_named(
                generate_plan_data(
                    items=province_items,
                    code=f"{prefix}-province",
                    rng=rng,
                    issuer="示例省",
                    position="副省长",
                ),
                "示例省",
            ),
        )
        yield top
        city_specs = [
            (f"{prefix}-city-{n:02d}", f"示例{n:02d}市", f"市{n:02d}") for n in range(1, cities + 1)
        ]
        above: tuple[str, Outline] | None = (top.code, outline(top.data))
    else:
        city_specs, above = [(f"{prefix}-city", "示例市", "市")], None
    for code, name, short in city_specs:
        city = CascadePlan(
            code=code,
            name=name,
            level="city",
            parent=f"{prefix}-province" if cities else None,
            short_name=short,
            data=_named(
                generate_plan_data(
                    items=city_items, code=code, rng=rng, issuer=name, position="副市长", aligned_to=above
                ),
                name,
            ),
        )
        yield city
        below = (city.code, outline(city.data))
        for m in range(1, counties + 1):
            county_name = f"{name}{m:02d}县"
            yield CascadePlan(
                code=f"{code}-county-{m:02d}",
                name=county_name,
                level="county",
                parent=city.code,
                short_name=f"{short}县{m:02d}",
                data=_named(
                    generate_plan_data(
                        items=items,
                        code=f"{code}-county-{m:02d}",
                        rng=rng,
                        issuer=county_name,
                        aligned_to=below,
                    ),
                    county_name,
                ),
            )


def _named(data: dict[str, Any], organisation: str) -> dict[str, Any]:
    data["plan"]["name"] = f"{organisation}工作要点（生成，{_count(data['items'])} 项）"
    return data


def _count(nodes: list[dict[str, Any]]) -> int:
    return sum(1 + _count(node.get("children", [])) for node in nodes)
