"""The Gantt at 1k / 10k / 50k items: the data endpoint's time and size (raw and gzip), the first paint
in Debian's Chromium and a scroll through the rows.

    python benchmarks/timeline/gantt.py [--sizes 1000,10000,50000] [--repeat 5] [--screenshot DIR]

First paint: ``performance.now()`` when the chart has drawn its first frame with the data (from the
navigation's start: the page, the data request, parsing and the first frame). Scroll: the page
scrolls the chart by 3 rows a frame for 240 animation frames; we report the frames per second and
the longest frame, and the longest time the chart took to draw one frame.

Uses DATABASE_URL if set (PostgreSQL: the database is emptied first), otherwise a fresh SQLite file
in a temporary folder. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("LUOSHI_DATA_DIR", tempfile.mkdtemp(prefix="luoshi-bench-timeline-"))
os.environ.setdefault("LUOSHI_DEMO", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luoshi.settings")
os.environ["LUOSHI_TESTING"] = "0"
# Playwright's sync API runs an event loop in this thread; the ORM calls beside it are safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.staticfiles.handlers import StaticFilesHandler  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from luoshi.accounts.models import Role, User  # noqa: E402
from luoshi.plans.generate import generate_plan_data  # noqa: E402
from luoshi.plans.models import Plan  # noqa: E402
from luoshi.status.changes import plan_load  # noqa: E402

CHROMIUM = os.environ.get("LUOSHI_CHROMIUM", "/usr/bin/chromium")
SCROLL = """async () => {
  const scroll = document.getElementById('gantt-scroll');
  window.luoshiGantt.frames.length = 0;
  const gaps = [];
  let last = performance.now();
  for (let k = 0; k < 240; k++) {
    scroll.scrollTop += 72;
    await new Promise(r => requestAnimationFrame(r));
    const now = performance.now(); gaps.push(now - last); last = now;
  }
  const total = gaps.reduce((a, b) => a + b, 0);
  return {fps: 1000 * gaps.length / total, longest: Math.max(...gaps), draw: Math.max(...window.luoshiGantt.frames)};
}"""


RESOURCES = """performance.getEntriesByType('resource').map(e => e.name.split('/').slice(-2).join('/') + ' ' +
  Math.round(e.startTime) + '-' + Math.round(e.responseEnd)).join('\\n')"""


# The same data drawn by the vendored ECharts as a custom series (one rectangle per item, every item a
# category of the y axis), for comparison: the time from the data in hand to its 'finished' event.
ECHARTS = """async (src) => {
  const data = await (await fetch(location.pathname + 'data/')).json();
  await new Promise((ok, no) => { const s = document.createElement('script'); s.src = src; s.onload = ok; s.onerror = no; document.head.appendChild(s); });
  const box = document.createElement('div'); box.style.cssText = 'width:1280px;height:700px';
  document.body.prepend(box);
  const it = data.items, n = it.id.length, rows = [];
  for (let i = 0; i < n; i++) if (it.due[i] !== null) rows.push([i, it.start[i] === null ? 0 : it.start[i], it.due[i], it.progress[i]]);
  const t0 = performance.now();
  const chart = echarts.init(box, null, {renderer: 'canvas'});
  const done = new Promise(ok => chart.on('finished', ok));
  chart.setOption({animation: false, grid: {left: 40, right: 10, top: 10, bottom: 20},
    xAxis: {type: 'value'}, yAxis: {type: 'category', data: it.title, inverse: true, axisLabel: {show: false}},
    dataZoom: [{type: 'inside', yAxisIndex: 0, startValue: 0, endValue: 28}],
    series: [{type: 'custom', encode: {x: [1, 2], y: 0}, data: rows, renderItem: (params, api) => {
      const a = api.coord([api.value(1), api.value(0)]), b = api.coord([api.value(2) + 1, api.value(0)]), h = api.size([0, 1])[1] * 0.6;
      return {type: 'rect', shape: {x: a[0], y: a[1] - h / 2, width: b[0] - a[0], height: h}, style: {fill: '#1a7f37'}};
    }}]});
  await done;
  const first = performance.now() - t0;
  const t1 = performance.now();
  for (let k = 0; k < 20; k++) { chart.dispatchAction({type: 'dataZoom', startValue: k * 100, endValue: k * 100 + 28}); }
  await new Promise(r => requestAnimationFrame(r));
  return {first: first, zoom: (performance.now() - t1) / 20};
}"""


def with_start_dates(data: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """The generated plan has due dates only: give each item a start some weeks to months before."""
    year_start = dt.date.fromisoformat(data["plan"]["start_date"])

    def walk(nodes: list[dict[str, Any]]) -> None:
        for node in nodes:
            due = dt.date.fromisoformat(node["due_date"])
            node["start_date"] = max(year_start, due - dt.timedelta(days=rng.randint(20, 240))).isoformat()
            walk(node.get("children", []))

    walk(data["items"])
    return data


def serve() -> tuple[ThreadedWSGIServer, str]:
    settings.ALLOWED_HOSTS = ["*"]
    server = ThreadedWSGIServer(("127.0.0.1", 0), WSGIRequestHandler, allow_reuse_address=False)
    server.set_app(StaticFilesHandler(get_wsgi_application()))
    WSGIRequestHandler.log_message = lambda *a, **k: None  # type: ignore[method-assign]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def endpoint(client: Client, url: str, repeat: int) -> tuple[float, int, int]:
    body = client.get(url).content  # warm
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    return statistics.median(samples), len(body), len(gzip.compress(body, 6))


def browser_figures(
    browser: Any, base: str, session: str, code: str, repeat: int, shot: Path | None
) -> dict[str, float]:
    paints, fps, longest, draw, html, fetched, complete = [], [], [], [], [], [], []
    for round_ in range(repeat):
        context = browser.new_context(
            locale="zh-CN", viewport={"width": 1280, "height": 900}, bypass_csp=True
        )
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base}])
        page = context.new_page()
        page.goto(f"{base}/timeline/plans/{code}/")
        page.wait_for_selector("canvas[data-painted]", timeout=60000)
        paints.append(page.evaluate("window.luoshiGantt.firstPaint"))
        fetched.append(page.evaluate("window.luoshiGantt.fetched"))
        html.append(page.evaluate("performance.getEntriesByType('navigation')[0].responseEnd"))
        page.wait_for_selector("canvas[data-complete]", timeout=60000)
        complete.append(page.evaluate("window.luoshiGantt.complete"))
        if round_ == 0 and os.environ.get("GANTT_RESOURCES"):
            print(page.evaluate(RESOURCES), file=sys.stderr)
        if round_ == 0 and shot is not None:
            page.screenshot(path=str(shot / f"gantt-{code}.png"))
        figures = page.evaluate(SCROLL)
        fps.append(figures["fps"])
        longest.append(figures["longest"])
        draw.append(figures["draw"])
        context.close()
    return {
        "paint": statistics.median(paints),
        "html": statistics.median(html),
        "fetched": statistics.median(fetched),
        "complete": statistics.median(complete),
        "fps": statistics.median(fps),
        "longest": statistics.median(longest),
        "draw": statistics.median(draw),
    }


def echarts_figures(browser: Any, base: str, session: str, code: str) -> dict[str, float]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base}])
    page = context.new_page()
    page.goto(f"{base}/timeline/plans/{code}/")
    page.wait_for_selector("canvas[data-complete]", timeout=60000)
    figures: dict[str, float] = page.evaluate(ECHARTS, "/static/dashboard/vendor/echarts.min.js")
    context.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--screenshot", type=Path, default=None)
    parser.add_argument("--echarts", action="store_true", help="also draw the largest plan with ECharts")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)
    user, _new = User.objects.get_or_create(username="bench", defaults={"role": Role.OFFICE})
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    server, base = serve()
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        for size in sizes:
            code = f"gantt-{size}"
            if not Plan.objects.filter(code=code).exists():
                rng = random.Random(size)
                plan_load(with_start_dates(generate_plan_data(items=size, code=code, rng=rng), rng))
            ms, raw, packed = endpoint(client, f"/timeline/plans/{code}/data/", args.repeat)
            figures = browser_figures(browser, base, session, code, args.repeat, args.screenshot)
            rows.append((size, ms, raw, packed, figures))
            print(f"  measured {size} items", file=sys.stderr, flush=True)
        if args.echarts:
            echarts = echarts_figures(browser, base, session, f"gantt-{sizes[-1]}")
        browser.close()
    server.shutdown()
    print(f"database: {connection.vendor}; median of {args.repeat}; Chromium {CHROMIUM}, 1280×900 viewport")
    print(
        f"{'items':>7} | {'data ms':>8} | {'raw KB':>7} | {'gzip KB':>7} | {'first paint ms':>14} | "
        f"{'page ms':>7} | {'first rows in ms':>16} | {'all rows drawn ms':>17} | {'scroll fps':>10} | {'longest frame ms':>16} | {'longest draw ms':>15}"
    )
    for size, ms, raw, packed, f in rows:
        print(
            f"{size:>7} | {ms:>8.0f} | {raw / 1024:>7.0f} | {packed / 1024:>7.0f} | {f['paint']:>14.0f} | "
            f"{f['html']:>7.0f} | {f['fetched']:>16.0f} | {f['complete']:>17.0f} | "
            f"{f['fps']:>10.1f} | {f['longest']:>16.1f} | {f['draw']:>15.1f}"
        )
    if args.echarts:
        print(
            f"ECharts custom series, {sizes[-1]} items (y axis zoomed to 28 rows): first render "
            f"{echarts['first']:.0f} ms after the data is in hand, then {echarts['zoom']:.0f} ms a scroll step "
            "(our canvas: see 'all rows drawn' less 'first rows in', and 'longest draw')"
        )


if __name__ == "__main__":
    main()
