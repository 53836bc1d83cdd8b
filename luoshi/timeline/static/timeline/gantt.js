/* The Gantt of a plan, drawn on one canvas: only the rows in view are painted (virtual rows), so a
   plan of 50,000 items scrolls as a plan of 50 does. Data: /timeline/plans/<code>/data/ (columns,
   dates as days from the plan's start). Bars are dragged (office only) through /timeline/items/<id>/dates/. */
(function () {
  'use strict';
  var cfg = JSON.parse(document.getElementById('gantt-config').textContent);
  var T = JSON.parse(document.getElementById('gantt-strings').textContent);
  var scroll = document.getElementById('gantt-scroll');
  var spacer = document.getElementById('gantt-spacer');
  var canvas = document.getElementById('gantt-canvas');
  var countEl = document.getElementById('gantt-count');
  var messageEl = document.getElementById('gantt-message');
  var tools = document.getElementById('gantt-tools');
  var ctx = canvas.getContext('2d');
  var ROW = 24, HEAD = 42, DAY = 86400000, HEAD_ROWS = cfg.headRows, PAGE_ROWS = cfg.pageRows;
  var LABEL = 340, dayW = 6;
  var css = getComputedStyle(document.documentElement);
  function cssColour(name, fallback) { return (css.getPropertyValue(name) || '').trim() || fallback; }
  var COLOURS = {
    none: cssColour('--none', '#8c959f'), green: cssColour('--green', '#1a7f37'),
    yellow: cssColour('--yellow', '#c99a00'), red: cssColour('--red', '#cf222e'), done: cssColour('--done', '#6639ba')
  };
  var D = null, n = 0, epochMs = 0, minDay = 0, maxDay = 365;
  var parent, end, collapsed, keep, match, rows, rowCount = 0, msOffset, msIndex, indexOf;
  var statusColour = [], selected = -1, drag = null, scheduled = false, painted = false, baseline = null;
  var viewW = 0, viewH = 0, dpr = 1;

  function say(text, kind) {
    messageEl.textContent = text || '';
    messageEl.className = 'gantt-message' + (kind ? ' gantt-' + kind : '');
  }
  function iso(day) { return new Date(epochMs + day * DAY).toISOString().slice(0, 10); }
  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_m, key) { return String(values[key]); });
  }

  // --- data ---------------------------------------------------------------------------------------
  function prepare(data) {
    D = data; var it = data.items; n = it.id.length;
    epochMs = Date.parse(data.plan.epoch + 'T00:00:00Z');
    statusColour = data.statuses.map(function (s) { return COLOURS[s] || COLOURS.none; });
    parent = new Int32Array(n); end = new Int32Array(n); collapsed = new Uint8Array(n);
    keep = new Uint8Array(n); match = new Uint8Array(n); rows = new Int32Array(n);
    indexOf = new Map();
    var stack = [], lo = Math.min(0, data.plan.today), hi = Math.max(data.plan.end, data.plan.today);
    for (var i = 0; i < n; i++) {
      var depth = it.depth[i];
      while (stack.length && it.depth[stack[stack.length - 1]] >= depth) end[stack.pop()] = i;
      parent[i] = stack.length ? stack[stack.length - 1] : -1;
      stack.push(i);
      indexOf.set(it.id[i], i);
      var s = it.start[i], d = it.due[i];
      if (s !== null) { if (s < lo) lo = s; if (s > hi) hi = s; }
      if (d !== null) { if (d < lo) lo = d; if (d > hi) hi = d; }
    }
    while (stack.length) end[stack.pop()] = n;
    // Milestones by row: offsets into a list of milestone indices (CSR).
    var ms = data.milestones, m = ms.row.length;
    msOffset = new Int32Array(n + 1); msIndex = new Int32Array(m);
    for (var k = 0; k < m; k++) { if (ms.row[k] >= 0) msOffset[ms.row[k] + 1]++; if (ms.due[k] > hi) hi = ms.due[k]; if (ms.due[k] < lo) lo = ms.due[k]; }
    for (var r = 0; r < n; r++) msOffset[r + 1] += msOffset[r];
    var fill = msOffset.slice(0, n);
    for (k = 0; k < m; k++) if (ms.row[k] >= 0) msIndex[fill[ms.row[k]]++] = k;
    minDay = lo - 14; maxDay = hi + 21;
    fillSelect('unit', data.units, it.unit); fillSelect('leader', data.leaders, it.leader);
    selected = -1; drag = null;
  }

  function fillSelect(name, names, column) {
    var select = tools.querySelector('select[data-filter=' + name + ']');
    var chosen = select.value === '' ? '' : select.options[select.selectedIndex].textContent;  // indices differ between answers
    while (select.options.length > 1) select.remove(1);
    var used = new Uint8Array(names.length);  // the organisation's list: only those the rows name
    for (var i = 0; i < column.length; i++) if (column[i] >= 0) used[column[i]] = 1;
    var order = names.map(function (_x, i) { return i; }).filter(function (i) { return used[i]; })
      .sort(function (a, b) { return names[a].localeCompare(names[b], 'zh'); });
    order.forEach(function (i) { var o = document.createElement('option'); o.value = String(i); o.textContent = names[i]; select.appendChild(o); });
    select.value = '';
    for (var k = 1; k < select.options.length; k++) if (chosen !== '' && select.options[k].textContent === chosen) select.selectedIndex = k;
  }

  function filters() {
    var f = {};
    tools.querySelectorAll('select[data-filter]').forEach(function (s) { if (s.value !== '') f[s.dataset.filter] = s.value; });
    return f;
  }

  function refilter() {
    var f = filters(), it = D.items, i;
    var unit = 'unit' in f ? +f.unit : -2, leader = 'leader' in f ? +f.leader : -2;
    var status = 'status' in f ? D.statuses.indexOf(f.status) : -2, kind = 'kind' in f ? D.kinds.indexOf(f.kind) : -2;
    var any = unit !== -2 || leader !== -2 || status !== -2 || kind !== -2;
    keep.fill(any ? 0 : 1); match.fill(any ? 0 : 1);
    if (any) {
      for (i = n - 1; i >= 0; i--) {
        if ((unit === -2 || it.unit[i] === unit) && (leader === -2 || it.leader[i] === leader) &&
            (status === -2 || it.status[i] === status) && (kind === -2 || it.kind[i] === kind)) { match[i] = 1; keep[i] = 1; }
        if (keep[i] && parent[i] >= 0) keep[parent[i]] = 1;  // an ancestor stays, to place the row in the tree
      }
    }
    relayout();
  }

  function relayout() {
    var r = 0, i = 0, shown = 0;
    while (i < n) {
      if (!keep[i]) { i = end[i]; continue; }  // nothing below it is kept either
      rows[r++] = i; if (match[i]) shown++;
      i = collapsed[i] ? end[i] : i + 1;
    }
    rowCount = r;
    var matched = 0; for (i = 0; i < n; i++) matched += match[i];
    countEl.textContent = format(T.count, { rows: rowCount, matched: matched, total: n });
    countEl.dataset.rows = String(rowCount);
    spacer.style.width = (LABEL + (maxDay - minDay) * dayW) + 'px';
    spacer.style.height = (HEAD + rowCount * ROW + 8) + 'px';
    if (selected >= 0 && selected >= rowCount) selected = rowCount - 1;
    request();
  }

  // --- geometry -----------------------------------------------------------------------------------
  function x(day) { return LABEL + (day - minDay) * dayW - scroll.scrollLeft; }
  function barOf(i) {
    var it = D.items, s = it.start[i], d = it.due[i];
    if (drag && drag.i === i) { s = drag.start; d = drag.due; }
    if (d === null) return null;
    var faint = s === null;
    if (faint) s = Math.min(0, d);
    return { s: s, d: d, faint: faint };
  }

  function resize() {
    dpr = window.devicePixelRatio || 1;
    LABEL = scroll.clientWidth < 700 ? 150 : 340;
    viewW = scroll.clientWidth; viewH = Math.max(200, scroll.clientHeight);
    canvas.style.width = viewW + 'px'; canvas.style.height = viewH + 'px';
    canvas.width = Math.round(viewW * dpr); canvas.height = Math.round(viewH * dpr);
    spacer.style.marginTop = (-viewH) + 'px';
    if (D) relayout();
  }

  function request() { if (!scheduled) { scheduled = true; requestAnimationFrame(draw); } }

  // --- painting -----------------------------------------------------------------------------------
  function draw() {
    scheduled = false;
    if (!D) return;
    var t0 = performance.now();
    var st = scroll.scrollTop, it = D.items, ms = D.milestones;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, viewW, viewH);
    var first = Math.max(0, Math.floor(st / ROW)), last = Math.min(rowCount, Math.ceil((st + viewH - HEAD) / ROW) + 1);
    var dayFrom = Math.floor(minDay + (scroll.scrollLeft) / dayW), dayTo = Math.ceil(dayFrom + (viewW - LABEL) / dayW) + 1;
    ctx.save(); ctx.beginPath(); ctx.rect(LABEL, HEAD, viewW - LABEL, viewH - HEAD); ctx.clip();
    ctx.font = '11px sans-serif'; ctx.textBaseline = 'middle';
    for (var r = first; r < last; r++) {
      var i = rows[r], y = HEAD + r * ROW - st;
      if (r % 2) { ctx.fillStyle = '#f6f8fa'; ctx.fillRect(LABEL, y, viewW - LABEL, ROW); }
      if (r === selected) { ctx.fillStyle = '#ddf4ff'; ctx.fillRect(LABEL, y, viewW - LABEL, ROW); }
    }
    monthLines(dayFrom, dayTo, false);
    for (r = first; r < last; r++) {
      i = rows[r]; y = HEAD + r * ROW - st;
      if (baseline) baselineBar(i, y);
      var bar = barOf(i);
      if (bar) {
        var x1 = x(bar.s), x2 = x(bar.d + 1), w = Math.max(2, x2 - x1), colour = statusColour[it.status[i]];
        var top = y + 5, h = ROW - 12;
        ctx.globalAlpha = bar.faint ? 0.18 : 0.35; ctx.fillStyle = colour; ctx.fillRect(x1, top, w, h);
        ctx.globalAlpha = bar.faint ? 0.45 : 1; ctx.fillRect(x1, top, w * it.progress[i] / 100, h);
        ctx.globalAlpha = 1;
        if (!match[i]) { ctx.fillStyle = 'rgba(255,255,255,.6)'; ctx.fillRect(x1, top, w, h); }
        if (cfg.canEdit && !bar.faint || cfg.canEdit && drag && drag.i === i) { ctx.fillStyle = colour; ctx.fillRect(x2 - 3, top - 1, 3, h + 2); }
        if (x2 > LABEL && x2 + 34 < viewW) { ctx.fillStyle = '#57606a'; ctx.fillText(it.progress[i] + '%', x2 + 4, y + ROW / 2); }
      }
      for (var k = msOffset[i]; k < msOffset[i + 1]; k++) {
        var m = msIndex[k], mx = x(ms.due[m] + 0.5), my = y + ROW / 2, done = ms.done[m] !== null;
        ctx.beginPath(); ctx.moveTo(mx, my - 6); ctx.lineTo(mx + 6, my); ctx.lineTo(mx, my + 6); ctx.lineTo(mx - 6, my); ctx.closePath();
        ctx.fillStyle = done ? '#24292f' : '#fff'; ctx.fill();
        ctx.lineWidth = 1.5; ctx.strokeStyle = !done && ms.due[m] < D.plan.today ? COLOURS.red : '#24292f'; ctx.stroke();
      }
    }
    var tx = x(D.plan.today + 0.5);
    ctx.strokeStyle = COLOURS.red; ctx.lineWidth = 1.5; ctx.setLineDash([4, 3]);
    ctx.beginPath(); ctx.moveTo(tx, HEAD); ctx.lineTo(tx, viewH); ctx.stroke(); ctx.setLineDash([]);
    ctx.restore();
    header(dayFrom, dayTo, tx);
    labels(first, last, st);
    if (!painted) {
      painted = true;
      window.luoshiGantt.firstPaint = performance.now();
      canvas.dataset.painted = String(rowCount);
    }
    window.luoshiGantt.frames.push(performance.now() - t0);
    if (window.luoshiGantt.frames.length > 600) window.luoshiGantt.frames.shift();
  }

  function baselineBar(i, y) {
    var b = baseline[it0().id[i]];
    if (!b || b[1] === null) return;
    var s = b[0] === null ? Math.min(0, b[1]) : b[0];
    ctx.fillStyle = '#57606a'; ctx.globalAlpha = 0.7;
    ctx.fillRect(x(s), y + ROW - 6, Math.max(2, x(b[1] + 1) - x(s)), 3); ctx.globalAlpha = 1;
  }
  function it0() { return D.items; }

  function monthLines(dayFrom, dayTo, labelsToo) {
    var start = new Date(epochMs + dayFrom * DAY), y = start.getUTCFullYear(), m = start.getUTCMonth();
    ctx.lineWidth = 1;
    for (var guard = 0; guard < 400; guard++) {
      var ms = Date.UTC(y, m, 1), day = Math.round((ms - epochMs) / DAY);
      if (day > dayTo) break;
      var next = Date.UTC(m === 11 ? y + 1 : y, (m + 1) % 12, 1), nextDay = Math.round((next - epochMs) / DAY);
      var px = Math.round(x(day)) + 0.5;
      if (labelsToo) {
        ctx.strokeStyle = '#d0d7de'; ctx.beginPath(); ctx.moveTo(px, HEAD / 2); ctx.lineTo(px, HEAD); ctx.stroke();
        var width = (nextDay - day) * dayW, text = dayW >= 4 ? format(T.month, { month: m + 1 }) : String(m + 1);
        ctx.fillStyle = '#24292f';
        if (width > 14) ctx.fillText(text, Math.max(px + 3, LABEL + 3), HEAD * 0.75);
        if (m === 0 || guard === 0) ctx.fillText(format(T.year, { year: y }), Math.max(px + 3, LABEL + 3), HEAD * 0.28);
      } else {
        ctx.strokeStyle = m === 0 ? '#afb8c1' : '#eaeef2'; ctx.beginPath(); ctx.moveTo(px, HEAD); ctx.lineTo(px, viewH); ctx.stroke();
      }
      m++; if (m === 12) { m = 0; y++; }
    }
  }

  function header(dayFrom, dayTo, tx) {
    ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, viewW, HEAD);
    ctx.save(); ctx.beginPath(); ctx.rect(LABEL, 0, viewW - LABEL, HEAD); ctx.clip();
    ctx.font = '12px sans-serif'; ctx.textBaseline = 'middle';
    monthLines(dayFrom, dayTo, true);
    ctx.fillStyle = COLOURS.red; ctx.fillRect(tx - 1, HEAD - 6, 2, 6);
    ctx.restore();
    ctx.strokeStyle = '#d0d7de'; ctx.beginPath(); ctx.moveTo(0, HEAD - 0.5); ctx.lineTo(viewW, HEAD - 0.5); ctx.stroke();
  }

  function labels(first, last, st) {
    var it = D.items;
    ctx.save(); ctx.beginPath(); ctx.rect(0, HEAD, LABEL, viewH - HEAD); ctx.clip();
    ctx.fillStyle = '#fff'; ctx.fillRect(0, HEAD, LABEL, viewH - HEAD);
    ctx.font = '13px sans-serif'; ctx.textBaseline = 'middle';
    for (var r = first; r < last; r++) {
      var i = rows[r], y = HEAD + r * ROW - st, indent = 4 + (it.depth[i] - 1) * 12;
      if (r === selected) { ctx.fillStyle = '#ddf4ff'; ctx.fillRect(0, y, LABEL, ROW); }
      else if (r % 2) { ctx.fillStyle = '#f6f8fa'; ctx.fillRect(0, y, LABEL, ROW); }
      ctx.fillStyle = '#57606a';
      if (it.children[i] > 0) ctx.fillText(collapsed[i] ? '▸' : '▾', indent, y + ROW / 2);
      ctx.fillStyle = statusColour[it.status[i]];
      ctx.beginPath(); ctx.arc(indent + 17, y + ROW / 2, 4, 0, 2 * Math.PI); ctx.fill();
      ctx.fillStyle = match[i] ? '#24292f' : '#8c959f';
      ctx.fillText(it.title[i], indent + 25, y + ROW / 2);
    }
    ctx.restore();
    ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, LABEL, HEAD);
    ctx.fillStyle = '#24292f'; ctx.font = 'bold 13px sans-serif'; ctx.textBaseline = 'middle';
    ctx.fillText(T.item, 8, HEAD / 2);
    ctx.strokeStyle = '#d0d7de'; ctx.beginPath(); ctx.moveTo(LABEL - 0.5, 0); ctx.lineTo(LABEL - 0.5, viewH); ctx.stroke();
  }

  // --- interaction --------------------------------------------------------------------------------
  function hit(ev) {
    var rect = canvas.getBoundingClientRect(), ox = ev.clientX - rect.left, oy = ev.clientY - rect.top;
    if (oy < HEAD) return null;
    var r = Math.floor((oy - HEAD + scroll.scrollTop) / ROW);
    if (r < 0 || r >= rowCount) return null;
    var i = rows[r], res = { r: r, i: i, ox: ox, area: 'label' };
    if (ox < LABEL) {
      var indent = 4 + (D.items.depth[i] - 1) * 12;
      if (D.items.children[i] > 0 && ox >= indent - 4 && ox <= indent + 12) res.area = 'toggle';
      return res;
    }
    res.area = 'chart';
    var bar = barOf(i);
    if (cfg.canEdit && bar) {
      var x1 = x(bar.s), x2 = x(bar.d + 1);
      if (ox >= x2 - 7 && ox <= x2 + 4) res.area = 'end';
      else if (!bar.faint && ox >= x1 && ox < x2 - 7) res.area = 'bar';
      else if (bar.faint && ox >= x1 && ox < x2 - 7) res.area = 'bar';
    }
    return res;
  }

  function toggle(i, open) {
    if (D.items.children[i] === 0) return;
    collapsed[i] = open === undefined ? (collapsed[i] ? 0 : 1) : (open ? 0 : 1);
    relayout();
  }

  canvas.addEventListener('pointermove', function (ev) {
    if (!D) return;
    if (drag) {
      var delta = Math.round((ev.clientX - drag.x0) / dayW);
      if (drag.mode === 'end') { drag.due = Math.max(drag.due0 + delta, drag.start0 === null ? -100000 : drag.start0); }
      else { drag.due = drag.due0 + delta; drag.start = drag.start0 === null ? null : drag.start0 + delta; }
      drag.moved = drag.moved || delta !== 0;
      request(); return;
    }
    var h = hit(ev);
    canvas.style.cursor = !h ? 'default' : h.area === 'end' ? 'ew-resize' : h.area === 'bar' ? 'grab' : h.area === 'toggle' ? 'pointer' : 'default';
  });
  canvas.addEventListener('pointerdown', function (ev) {
    if (!D || ev.button !== 0) return;
    var h = hit(ev);
    if (!h) return;
    selected = h.r;
    if (h.area === 'toggle') { toggle(h.i); return; }
    if (h.area === 'end' || h.area === 'bar') {
      var it = D.items;
      drag = { i: h.i, mode: h.area, x0: ev.clientX, start0: it.start[h.i], due0: it.due[h.i], start: it.start[h.i], due: it.due[h.i], moved: false };
      canvas.setPointerCapture(ev.pointerId);
      ev.preventDefault();
    }
    request();
  });
  function finishDrag(commit) {
    var d = drag; drag = null;
    if (d && commit && d.moved && (d.start !== d.start0 || d.due !== d.due0)) save(d.i, d.start, d.due);
    request();
  }
  canvas.addEventListener('pointerup', function () { finishDrag(true); });
  canvas.addEventListener('pointercancel', function () { finishDrag(false); });
  canvas.addEventListener('dblclick', function (ev) { var h = hit(ev); if (h && h.area === 'label') open(h.i); });

  function open(i) { window.location.href = cfg.item.replace('/0/', '/' + D.items.id[i] + '/'); }

  function save(i, start, due) {
    var it = D.items, before = { start: it.start[i], due: it.due[i] };
    it.start[i] = start; it.due[i] = due;  // drawn where it was dropped while it saves
    say(T.saving); request();
    var body = new URLSearchParams();
    body.set('start', start === null ? '' : iso(start)); body.set('due', due === null ? '' : iso(due));
    body.set('version', String(it.version[i]));
    var token = tools.querySelector('input[name=csrfmiddlewaretoken]').value;
    fetch(cfg.dates.replace('/0/', '/' + it.id[i] + '/'), {
      method: 'POST', body: body, credentials: 'same-origin', headers: { 'X-CSRFToken': token, 'Accept': 'application/json' }
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (json) { return { status: response.status, json: json }; });
    }).then(function (res) {
      if (res.status === 200) {
        res.json.items.forEach(apply);
        say(format(T.saved, { title: it.title[i], start: start === null ? '—' : iso(start), due: iso(due) }), 'ok');
      } else {
        it.start[i] = before.start; it.due[i] = before.due;  // snaps back
        say(res.json.error || T.failed, 'error');
      }
      request();
    }).catch(function () { it.start[i] = before.start; it.due[i] = before.due; say(T.failed, 'error'); request(); });
  }
  function apply(row) {
    var i = indexOf.get(row.id), it = D.items;
    if (i === undefined) return;
    it.start[i] = row.start; it.due[i] = row.due; it.progress[i] = row.progress; it.status[i] = row.status; it.version[i] = row.version;
  }

  canvas.addEventListener('keydown', function (ev) {
    if (!D || !rowCount) return;
    var r = selected < 0 ? 0 : selected, i = rows[r], it = D.items, handled = true;
    if (ev.altKey && cfg.canEdit && (ev.key === 'ArrowLeft' || ev.key === 'ArrowRight')) {
      var step = ev.key === 'ArrowLeft' ? -1 : 1;
      if (it.due[i] !== null) {
        if (ev.shiftKey) { if (it.start[i] === null || it.due[i] + step >= it.start[i]) save(i, it.start[i], it.due[i] + step); }
        else save(i, it.start[i] === null ? null : it.start[i] + step, it.due[i] + step);
      }
    } else if (ev.key === 'ArrowDown') selected = Math.min(rowCount - 1, r + 1);
    else if (ev.key === 'ArrowUp') selected = Math.max(0, r - 1);
    else if (ev.key === 'PageDown') selected = Math.min(rowCount - 1, r + Math.floor(viewH / ROW) - 2);
    else if (ev.key === 'PageUp') selected = Math.max(0, r - Math.floor(viewH / ROW) + 2);
    else if (ev.key === 'Home') selected = 0;
    else if (ev.key === 'End') selected = rowCount - 1;
    else if (ev.key === 'ArrowRight') toggle(i, true);
    else if (ev.key === 'ArrowLeft') {
      if (it.children[i] > 0 && !collapsed[i]) toggle(i, false);
      else if (parent[i] >= 0) { var p = parent[i]; for (var k = r; k >= 0; k--) if (rows[k] === p) { selected = k; break; } }
    } else if (ev.key === 'Enter') open(i);
    else handled = false;
    if (!handled) return;
    ev.preventDefault();
    if (selected < 0) selected = 0;
    var top = HEAD + selected * ROW;
    if (top - HEAD < scroll.scrollTop) scroll.scrollTop = top - HEAD;
    else if (top + ROW > scroll.scrollTop + viewH) scroll.scrollTop = top + ROW - viewH;
    say(it.title[rows[selected]]);
    request();
  });

  scroll.addEventListener('scroll', request, { passive: true });
  window.addEventListener('resize', resize);
  tools.addEventListener('change', function (ev) {
    var t = ev.target;
    if (t.dataset.filter !== undefined) refilter();
    if (t.dataset.scale !== undefined) { var centre = (scroll.scrollLeft + (viewW - LABEL) / 2) / dayW; dayW = +t.value; relayout(); scroll.scrollLeft = centre * dayW - (viewW - LABEL) / 2; }
  });
  tools.addEventListener('click', function (ev) {
    var action = ev.target.dataset && ev.target.dataset.action;
    if (!action || !D) return;
    if (action === 'expand') { collapsed.fill(0); relayout(); }
    else if (action === 'collapse') { for (var i = 0; i < n; i++) collapsed[i] = D.items.children[i] > 0 ? 1 : 0; relayout(); }
    else if (action === 'today') scroll.scrollLeft = (D.plan.today - minDay) * dayW - (viewW - LABEL) / 2;
    else if (action === 'png') exportPng();
    else if (action === 'pdf') exportPdf();
  });

  // --- export -------------------------------------------------------------------------------------
  function download(blob, name) {
    var a = document.createElement('a');
    a.href = URL.createObjectURL(blob); a.download = name;
    document.body.appendChild(a); a.click(); a.remove();
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 10000);
  }
  function exportPng() { draw(); canvas.toBlob(function (blob) { download(blob, cfg.plan + '-gantt.png'); }, 'image/png'); }
  function exportPdf() {
    draw();
    canvas.toBlob(function (blob) {
      blob.arrayBuffer().then(function (buffer) {
        var pdf = window.luoshiPdf.fromJpeg(new Uint8Array(buffer), canvas.width, canvas.height, viewW * 0.75, viewH * 0.75);
        download(new Blob([pdf], { type: 'application/pdf' }), cfg.plan + '-gantt.pdf');
      });
    }, 'image/jpeg', 0.92);
  }

  // --- baselines ----------------------------------------------------------------------------------
  var chooser = tools.querySelector('select[data-baseline]');
  if (chooser) chooser.addEventListener('change', function () {
    if (!chooser.value) { baseline = null; request(); return; }
    fetch(chooser.value, { credentials: 'same-origin' }).then(function (r) { return r.json(); }).then(function (json) {
      baseline = {}; for (var k = 0; k < json.id.length; k++) baseline[json.id[k]] = [json.start[k], json.due[k]];
      request();
    }).catch(function () { say(T.failed, 'error'); });
  });

  // For tests and the benchmark: where an item's bar is on the screen (null if not drawn).
  function barBox(id) {
    var i = indexOf.get(id), r = -1, bar = i === undefined ? null : barOf(i);
    for (var k = 0; k < rowCount && bar; k++) if (rows[k] === i) { r = k; break; }
    if (r < 0) return null;
    var rect = canvas.getBoundingClientRect(), y = HEAD + r * ROW - scroll.scrollTop + ROW / 2;
    return { left: rect.left + x(bar.s), right: rect.left + x(bar.d + 1), y: rect.top + y, dayWidth: dayW };
  }
  window.luoshiGantt = { frames: [], firstPaint: null, fetched: null, bar: barBox };
  resize();
  // The plan in pages: the first rows (preloaded by the page), painted as soon as they come, then
  // pages of PAGE_ROWS rows after the last one read, each added to what is shown.
  function load(url) { return fetch(url, { credentials: 'same-origin' }).then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); }); }
  var placed = false;
  function show(data) {
    var top = scroll.scrollTop, left = scroll.scrollLeft;
    prepare(data); refilter();
    tools.classList.toggle('gantt-partial', !data.complete);
    if (!placed) { placed = true; scroll.scrollLeft = Math.max(0, (D.plan.today - minDay) * dayW - (viewW - LABEL) * 0.7); }
    else { scroll.scrollTop = top; scroll.scrollLeft = left; }
    if (!data.complete) countEl.textContent = format(T.partial, { rows: rowCount });
  }
  function append(whole, page) {
    // Units and leaders index the organisation's lists, the same in every page; milestones point at
    // rows of their own page.
    var offset = whole.items.id.length;
    Object.keys(whole.items).forEach(function (key) { whole.items[key] = whole.items[key].concat(page.items[key]); });
    var ms = whole.milestones;
    ms.row = ms.row.concat(page.milestones.row.map(function (r) { return r < 0 ? r : r + offset; }));
    ['due', 'done', 'title'].forEach(function (key) { ms[key] = ms[key].concat(page.milestones[key]); });
    whole.complete = page.complete; whole.next = page.next;
    return whole;
  }
  function more(whole) {
    if (whole.complete) {
      window.luoshiGantt.complete = performance.now();
      canvas.dataset.complete = String(n);
      return;
    }
    load(cfg.data + '?head=' + PAGE_ROWS + '&after=' + encodeURIComponent(whole.next)).then(function (page) {
      show(append(whole, page));
      more(whole);
    }).catch(function () { countEl.textContent = T.failed; });
  }
  load(cfg.data + '?head=' + HEAD_ROWS).then(function (data) {
    window.luoshiGantt.fetched = performance.now();
    show(data);
    more(data);
  }).catch(function () { countEl.textContent = T.failed; });
})();
