// dde-stream live page: polls /api/live every second, /api/density when the model or the plotted features change,
// and /health every few seconds; draws on plain canvases (no libraries, nothing fetched from elsewhere).
'use strict';

(() => {
  const POLL_MS = 1000;
  const HEALTH_MS = 5000;
  const GRID_SIZE = 72;
  // Nats of log-density the heatmap's colours span below its peak: enough to show the modes and the gaps between.
  const RANGE_NATS = 12;
  const MAGMA = ['#000004', '#1c1044', '#4f127b', '#812581', '#b5367a', '#e55964', '#fb8761', '#fec287', '#fcfdbf'];
  const COLORS = {
    axis: '#5b6778', tick: '#8b98a9', grid: 'rgba(139, 152, 169, 0.10)', plotBg: '#07090d',
    point: 'rgba(255, 255, 255, 0.62)', unscored: 'rgba(160, 170, 185, 0.45)', anomaly: '#ff4d6d',
    data: 'rgba(108, 182, 255, 0.50)', sample: 'rgba(255, 180, 84, 0.80)', contour: 'rgba(143, 240, 255, 0.95)',
    bar: '#4f7dff', barAnomaly: '#ff4d6d', threshold: '#ffd166'
  };
  const MARGIN = {left: 48, right: 14, top: 12, bottom: 38};

  const $ = (id) => document.getElementById(id);
  const state = {
    live: null, density: null, densityKey: null, densityImage: null, features: null, x: null, y: null,
    seenAnomalies: new Set(), firstRender: true, polls: 0
  };

  // ---- formatting -------------------------------------------------------------------------------------------
  const nf = (digits) => new Intl.NumberFormat('en-US', {minimumFractionDigits: digits, maximumFractionDigits: digits});
  const NF0 = nf(0);
  const NF1 = nf(1);
  const NF2 = nf(2);
  const fmt = {
    int: (n) => (n == null ? '–' : NF0.format(n)),
    num: (n) => (n == null ? '–' : NF2.format(n)),
    rate: (n) => (n == null ? '–' : n >= 100 ? NF0.format(n) : NF1.format(n)),
    p: (p) => (p == null ? '–' : p < 0.001 ? '< 0.001' : p.toPrecision(2)),
    time: (ms) => new Date(ms).toLocaleTimeString('en-GB', {hour12: false}),
    coord: (v) => (v == null ? '–' : Math.abs(v) >= 1e4 ? v.toExponential(2) : v.toFixed(2)),
    tick: (v, step) => {
      const digits = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
      return Math.abs(v) >= 1e5 ? v.toExponential(1) : v.toFixed(Math.min(digits, 4));
    }
  };

  // ---- colour ramp ------------------------------------------------------------------------------------------
  const LUT = (() => {
    const rgb = MAGMA.map((h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)));
    const lut = new Uint8ClampedArray(256 * 3);
    for (let i = 0; i < 256; i++) {
      const t = (i / 255) * (rgb.length - 1);
      const k = Math.min(rgb.length - 2, Math.floor(t));
      const f = t - k;
      for (let c = 0; c < 3; c++) {
        lut[i * 3 + c] = rgb[k][c] + (rgb[k + 1][c] - rgb[k][c]) * f;
      }
    }
    return lut;
  })();

  // ---- canvas helpers ---------------------------------------------------------------------------------------
  function setup(canvas) {
    const dpr = window.devicePixelRatio || 1;
    const w = canvas.clientWidth;
    const h = canvas.clientHeight;
    const pw = Math.max(1, Math.round(w * dpr));
    const ph = Math.max(1, Math.round(h * dpr));
    if (canvas.width !== pw || canvas.height !== ph) {
      canvas.width = pw;
      canvas.height = ph;
    }
    const ctx = canvas.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    return {ctx, w, h};
  }

  function frameOf(w, h) {
    return {x0: MARGIN.left, y0: MARGIN.top, x1: w - MARGIN.right, y1: h - MARGIN.bottom};
  }

  /** A square plot area, centred: the density and the samples keep one unit of x as long as one of y. */
  function squareFrameOf(w, h) {
    const side = Math.max(10, Math.min(w - MARGIN.left - MARGIN.right, h - MARGIN.top - MARGIN.bottom));
    const x0 = MARGIN.left + (w - MARGIN.left - MARGIN.right - side) / 2;
    const y0 = MARGIN.top + (h - MARGIN.top - MARGIN.bottom - side) / 2;
    return {x0, y0, x1: x0 + side, y1: y0 + side};
  }

  function scale(b, f) {
    return {
      px: (x) => f.x0 + ((x - b.xMin) / (b.xMax - b.xMin)) * (f.x1 - f.x0),
      py: (y) => f.y1 - ((y - b.yMin) / (b.yMax - b.yMin)) * (f.y1 - f.y0)
    };
  }

  function ticks(lo, hi, count) {
    const span = hi - lo;
    if (!(span > 0)) return {step: 1, values: [lo]};
    let step = Math.pow(10, Math.floor(Math.log10(span / count)));
    const err = span / count / step;
    if (err >= 7.5) step *= 10;
    else if (err >= 3.5) step *= 5;
    else if (err >= 1.5) step *= 2;
    const values = [];
    for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) values.push(Math.abs(v) < step * 1e-9 ? 0 : v);
    return {step, values};
  }

  function axes(ctx, f, b, xLabel, yLabel, gridLines) {
    const s = scale(b, f);
    ctx.save();
    ctx.font = '11px Inter, "Segoe UI", Roboto, Arial, sans-serif';
    ctx.fillStyle = COLORS.tick;
    ctx.strokeStyle = COLORS.grid;
    ctx.lineWidth = 1;
    const xt = ticks(b.xMin, b.xMax, Math.max(3, Math.floor((f.x1 - f.x0) / 80)));
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (const v of xt.values) {
      const x = s.px(v);
      if (gridLines) line(ctx, x, f.y0, x, f.y1);
      ctx.fillText(fmt.tick(v, xt.step), x, f.y1 + 6);
    }
    const yt = ticks(b.yMin, b.yMax, Math.max(3, Math.floor((f.y1 - f.y0) / 60)));
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const v of yt.values) {
      const y = s.py(v);
      if (gridLines) line(ctx, f.x0, y, f.x1, y);
      ctx.fillText(fmt.tick(v, yt.step), f.x0 - 7, y);
    }
    ctx.strokeStyle = COLORS.axis;
    ctx.strokeRect(f.x0 + 0.5, f.y0 + 0.5, f.x1 - f.x0 - 1, f.y1 - f.y0 - 1);
    ctx.fillStyle = '#aab6c5';
    ctx.font = '600 11.5px Inter, "Segoe UI", Roboto, Arial, sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    ctx.fillText(xLabel, (f.x0 + f.x1) / 2, f.y1 + 36);
    ctx.translate(f.x0 - 36, (f.y0 + f.y1) / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textBaseline = 'middle';
    ctx.fillText(yLabel, 0, 0);
    ctx.restore();
  }

  function line(ctx, x0, y0, x1, y1) {
    ctx.beginPath();
    ctx.moveTo(x0, y0);
    ctx.lineTo(x1, y1);
    ctx.stroke();
  }

  function dot(ctx, x, y, r) {
    ctx.moveTo(x + r, y);
    ctx.arc(x, y, r, 0, Math.PI * 2);
  }

  /** The plotted region: the density grid's, else the points' (padded), else a unit square. */
  function bounds() {
    const d = state.density;
    if (d && d.available) return {xMin: d.xMin, xMax: d.xMax, yMin: d.yMin, yMax: d.yMax};
    const pts = state.live ? state.live.points : [];
    if (!pts.length) return {xMin: -1, xMax: 1, yMin: -1, yMax: 1};
    let xMin = Infinity, xMax = -Infinity, yMin = Infinity, yMax = -Infinity;
    for (const p of pts) {
      if (p.x == null || p.y == null) continue;
      xMin = Math.min(xMin, p.x); xMax = Math.max(xMax, p.x);
      yMin = Math.min(yMin, p.y); yMax = Math.max(yMax, p.y);
    }
    const px = (xMax - xMin) * 0.06 || 1;
    const py = (yMax - yMin) * 0.06 || 1;
    return {xMin: xMin - px, xMax: xMax + px, yMin: yMin - py, yMax: yMax + py};
  }

  // ---- the density heatmap ----------------------------------------------------------------------------------
  function densityImage(d) {
    const n = d.size;
    const hi = d.max;
    const lo = Math.max(d.min, hi - RANGE_NATS);
    const img = new ImageData(n, n);
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) {
        const v = d.logDensity[r * n + c];
        const t = v == null ? 0 : Math.max(0, Math.min(1, (v - lo) / (hi - lo || 1)));
        const k = Math.round(t * 255) * 3;
        const o = ((n - 1 - r) * n + c) * 4; // image rows go down, grid rows go up in y
        img.data[o] = LUT[k];
        img.data[o + 1] = LUT[k + 1];
        img.data[o + 2] = LUT[k + 2];
        img.data[o + 3] = 255;
      }
    }
    const off = document.createElement('canvas');
    off.width = n;
    off.height = n;
    off.getContext('2d').putImageData(img, 0, 0);
    return {canvas: off, lo, hi};
  }

  /** Marching squares over the cell centres: segments where the log-density crosses {@code level}. */
  function contour(d, level) {
    const n = d.size;
    const v = (c, r) => {
      const x = d.logDensity[r * n + c];
      return x == null ? -Infinity : x;
    };
    const t = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && a !== b ? (level - a) / (b - a) : 0.5);
    const segments = [];
    for (let r = 0; r < n - 1; r++) {
      for (let c = 0; c < n - 1; c++) {
        const v0 = v(c, r), v1 = v(c + 1, r), v2 = v(c + 1, r + 1), v3 = v(c, r + 1);
        const idx = (v0 >= level ? 1 : 0) | (v1 >= level ? 2 : 0) | (v2 >= level ? 4 : 0) | (v3 >= level ? 8 : 0);
        if (idx === 0 || idx === 15) continue;
        const e = [
          [c + t(v0, v1), r], [c + 1, r + t(v1, v2)], [c + t(v3, v2), r + 1], [c, r + t(v0, v3)]
        ];
        const pairs = {
          1: [[3, 0]], 2: [[0, 1]], 3: [[3, 1]], 4: [[1, 2]], 5: [[3, 0], [1, 2]], 6: [[0, 2]], 7: [[3, 2]],
          8: [[2, 3]], 9: [[0, 2]], 10: [[0, 1], [2, 3]], 11: [[1, 2]], 12: [[1, 3]], 13: [[0, 1]], 14: [[0, 3]]
        }[idx];
        for (const [a, b] of pairs) segments.push([e[a][0], e[a][1], e[b][0], e[b][1]]);
      }
    }
    return segments;
  }

  function drawHeatmap() {
    const canvas = $('heatmap');
    const {ctx, w, h} = setup(canvas);
    const f = squareFrameOf(w, h);
    const b = bounds();
    const s = scale(b, f);
    const d = state.density && state.density.available ? state.density : null;
    ctx.fillStyle = COLORS.plotBg;
    ctx.fillRect(f.x0, f.y0, f.x1 - f.x0, f.y1 - f.y0);
    if (d) {
      if (!state.densityImage || state.densityImage.key !== state.densityKey) {
        state.densityImage = Object.assign(densityImage(d), {key: state.densityKey});
        $('colorbar-lo').textContent = 'log p ' + state.densityImage.lo.toFixed(1);
        $('colorbar-hi').textContent = state.densityImage.hi.toFixed(1);
      }
      ctx.save();
      ctx.imageSmoothingEnabled = true;
      ctx.imageSmoothingQuality = 'high';
      ctx.drawImage(state.densityImage.canvas, f.x0, f.y0, f.x1 - f.x0, f.y1 - f.y0);
      ctx.restore();
      if (d.threshold != null) {
        const dx = (d.xMax - d.xMin) / d.size;
        const dy = (d.yMax - d.yMin) / d.size;
        ctx.save();
        ctx.beginPath();
        ctx.rect(f.x0, f.y0, f.x1 - f.x0, f.y1 - f.y0);
        ctx.clip();
        ctx.strokeStyle = COLORS.contour;
        ctx.lineWidth = 1.5;
        ctx.setLineDash([5, 4]);
        ctx.beginPath();
        for (const [c0, r0, c1, r1] of contour(d, -d.threshold)) {
          ctx.moveTo(s.px(d.xMin + (c0 + 0.5) * dx), s.py(d.yMin + (r0 + 0.5) * dy));
          ctx.lineTo(s.px(d.xMin + (c1 + 0.5) * dx), s.py(d.yMin + (r1 + 0.5) * dy));
        }
        ctx.stroke();
        ctx.restore();
      }
    }
    drawPoints(ctx, f, s);
    axes(ctx, f, b, state.x || 'x', state.y || 'y', !d);
    canvas.dataset.modelVersion = d ? String(d.modelVersion) : '0';
  }

  function drawPoints(ctx, f, s) {
    const pts = state.live ? state.live.points : [];
    const inside = (x, y) => x >= f.x0 && x <= f.x1 && y >= f.y0 && y <= f.y1;
    ctx.save();
    for (const [status, color, r] of [['unscored', COLORS.unscored, 1.6], ['normal', COLORS.point, 1.7]]) {
      ctx.fillStyle = color;
      ctx.beginPath();
      for (const p of pts) {
        if (p.status !== status || p.x == null || p.y == null) continue;
        const x = s.px(p.x), y = s.py(p.y);
        if (inside(x, y)) dot(ctx, x, y, r);
      }
      ctx.fill();
    }
    // Flagged points: the recent ones among the plotted points, and every listed anomaly (they outlive the
    // plotted window); the newest few with a halo.
    const flagged = pts.filter((p) => p.status === 'anomaly' && p.x != null && p.y != null).map((p) => [p.x, p.y]);
    const listed = state.live ? state.live.anomalies : [];
    const newest = [];
    listed.forEach((a, i) => {
      if (!a.features) return;
      const ax = a.features[state.x], ay = a.features[state.y];
      if (ax == null || ay == null) return;
      flagged.push([ax, ay]);
      if (i < 3) newest.push([ax, ay]);
    });
    ctx.strokeStyle = 'rgba(255, 77, 109, 0.55)';
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    for (const [px, py] of newest) {
      const x = s.px(px), y = s.py(py);
      if (inside(x, y)) dot(ctx, x, y, 8);
    }
    ctx.stroke();
    ctx.fillStyle = COLORS.anomaly;
    ctx.strokeStyle = 'rgba(255, 255, 255, 0.9)';
    ctx.lineWidth = 1.2;
    ctx.beginPath();
    for (const [px, py] of flagged) {
      const x = s.px(px), y = s.py(py);
      if (inside(x, y)) dot(ctx, x, y, 3.6);
    }
    ctx.fill();
    ctx.stroke();
    ctx.restore();
  }

  // ---- samples beside data ----------------------------------------------------------------------------------
  function drawSamples() {
    const canvas = $('samples');
    const {ctx, w, h} = setup(canvas);
    const f = squareFrameOf(w, h);
    const b = bounds();
    const s = scale(b, f);
    const live = state.live;
    const samples = live ? live.samples : [];
    ctx.fillStyle = COLORS.plotBg;
    ctx.fillRect(f.x0, f.y0, f.x1 - f.x0, f.y1 - f.y0);
    const inside = (x, y) => x >= f.x0 && x <= f.x1 && y >= f.y0 && y <= f.y1;
    ctx.fillStyle = COLORS.data;
    ctx.beginPath();
    for (const p of live ? live.points : []) {
      if (p.x == null || p.y == null) continue;
      const x = s.px(p.x), y = s.py(p.y);
      if (inside(x, y)) dot(ctx, x, y, 1.6);
    }
    ctx.fill();
    ctx.fillStyle = COLORS.sample;
    ctx.beginPath();
    for (const [sx, sy] of samples) {
      if (sx == null || sy == null) continue;
      const x = s.px(sx), y = s.py(sy);
      if (inside(x, y)) dot(ctx, x, y, 1.9);
    }
    ctx.fill();
    axes(ctx, f, b, state.x || 'x', state.y || 'y', true);
    $('samples-empty').hidden = samples.length > 0;
    $('samples-caption').textContent = samples.length
      ? `${fmt.int(samples.length)} recent samples beside ${fmt.int(live.points.length)} data points · ${fmt.rate(live.rates.samples)} samples/s`
      : 'from the generator\u2019s topic, beside recent data';
  }

  // ---- score histogram --------------------------------------------------------------------------------------
  function drawHistogram() {
    const canvas = $('histogram');
    const {ctx, w, h} = setup(canvas);
    const hist = state.live ? state.live.histogram : null;
    const f = {x0: MARGIN.left, y0: 22, x1: w - MARGIN.right, y1: h - MARGIN.bottom};
    if (!hist || hist.scored === 0) {
      ctx.fillStyle = COLORS.tick;
      ctx.font = '13px Inter, "Segoe UI", Roboto, Arial, sans-serif';
      ctx.textAlign = 'center';
      ctx.fillText('no scores yet: the scorer waits for the first model', w / 2, h / 2);
      $('histogram-caption').textContent = 'recent scores';
      return;
    }
    const n = hist.counts.length;
    const top = Math.max(1, ...hist.counts) * 1.08;
    const b = {xMin: hist.lo, xMax: hist.hi, yMin: 0, yMax: top};
    const s = scale(b, f);
    axes(ctx, f, b, 'anomaly score  (−log density)', 'points', true);
    const bw = (f.x1 - f.x0) / n;
    for (let i = 0; i < n; i++) {
      const x = f.x0 + i * bw + 1;
      const total = hist.counts[i];
      const bad = hist.anomalies[i];
      if (total - bad > 0) {
        ctx.fillStyle = COLORS.bar;
        const y = s.py(total - bad);
        roundTop(ctx, x, y, bw - 2, f.y1 - y, bad > 0 ? 0 : 2.5);
      }
      if (bad > 0) {
        ctx.fillStyle = COLORS.barAnomaly;
        const y0 = s.py(total);
        roundTop(ctx, x, y0, bw - 2, s.py(total - bad) - y0, 2.5);
      }
    }
    if (hist.threshold != null) {
      const x = s.px(hist.threshold);
      ctx.save();
      ctx.strokeStyle = COLORS.threshold;
      ctx.lineWidth = 1.6;
      ctx.setLineDash([6, 4]);
      line(ctx, x, f.y0 - 4, x, f.y1);
      ctx.setLineDash([]);
      ctx.fillStyle = COLORS.threshold;
      ctx.font = '600 11.5px Inter, "Segoe UI", Roboto, Arial, sans-serif';
      ctx.textBaseline = 'bottom';
      const label = `threshold ${hist.threshold.toFixed(2)}`;
      const right = x + 6 + ctx.measureText(label).width < f.x1;
      ctx.textAlign = right ? 'left' : 'right';
      ctx.fillText(label, right ? x + 6 : x - 6, f.y0 + 8);
      ctx.restore();
    }
    const flagged = hist.anomalies.reduce((a, c) => a + c, 0);
    const model = state.live.model;
    $('histogram-caption').textContent = `${fmt.int(hist.scored)} recent scores · ${NF1.format((100 * flagged) / hist.scored)}% flagged`
      + (model ? ` · expected ${NF1.format(100 * model.falseAlarmRate)}% on normal data` : '')
      + (hist.outOfRange ? ` · ${fmt.int(hist.outOfRange)} out of range` : '');
  }

  function roundTop(ctx, x, y, w, h, r) {
    if (h <= 0 || w <= 0) return;
    r = Math.min(r, w / 2, h);
    ctx.beginPath();
    ctx.moveTo(x, y + h);
    ctx.lineTo(x, y + r);
    ctx.quadraticCurveTo(x, y, x + r, y);
    ctx.lineTo(x + w - r, y);
    ctx.quadraticCurveTo(x + w, y, x + w, y + r);
    ctx.lineTo(x + w, y + h);
    ctx.closePath();
    ctx.fill();
  }

  // ---- the anomaly table ------------------------------------------------------------------------------------
  function cell(tr, text, cls) {
    const td = document.createElement('td');
    if (cls) td.className = cls;
    td.textContent = text;
    tr.appendChild(td);
    return td;
  }

  function renderAnomalies() {
    const list = state.live ? state.live.anomalies : [];
    const body = document.querySelector('#anomalies tbody');
    const signature = list.map((a) => a.id + '@' + a.ts).join('|');
    $('anomaly-count').textContent = fmt.int(state.live ? state.live.totals.anomalies : 0);
    $('anomalies-empty').hidden = list.length > 0;
    if (body.dataset.signature === signature) return;
    body.dataset.signature = signature;
    const rows = document.createDocumentFragment();
    for (const a of list) {
      const tr = document.createElement('tr');
      const key = a.id + '@' + a.ts;
      if (!state.firstRender && !state.seenAnomalies.has(key)) tr.className = 'fresh';
      state.seenAnomalies.add(key);
      cell(tr, fmt.time(a.ts), 'time');
      cell(tr, a.id, 'id').title = a.id;
      if (a.status === 'out_of_range') {
        cell(tr, 'out of range', 'num out-of-range');
        cell(tr, '–', 'num');
      } else {
        cell(tr, fmt.num(a.anomalyScore), 'num score');
        cell(tr, fmt.p(a.pValue), 'num');
      }
      cell(tr, a.features ? Object.entries(a.features).map(([k, v]) => `${k} ${fmt.coord(v)}`).join(', ') : '–', 'where');
      const why = document.createElement('td');
      const chips = document.createElement('div');
      chips.className = 'chips';
      for (const c of a.explanation) {
        const chip = document.createElement('span');
        chip.className = 'chip ' + c.direction;
        chip.title = `${c.feature} is too ${c.direction}: ${NF0.format(100 * c.weight)}% of the density's gradient`;
        const arrow = document.createElement('span');
        arrow.className = 'arrow';
        arrow.textContent = c.direction === 'high' ? '↑' : '↓';
        const name = document.createElement('span');
        name.textContent = c.feature;
        const bar = document.createElement('span');
        bar.className = 'bar';
        const fill = document.createElement('i');
        fill.style.width = `${Math.round(100 * (c.weight || 0))}%`;
        bar.appendChild(fill);
        chip.append(arrow, name, bar);
        chips.appendChild(chip);
      }
      if (!a.explanation.length) chips.textContent = a.status === 'out_of_range' ? 'far beyond the data' : '–';
      why.appendChild(chips);
      tr.appendChild(why);
      rows.appendChild(tr);
    }
    body.replaceChildren(rows);
    if (state.seenAnomalies.size > 2000) state.seenAnomalies = new Set(list.map((a) => a.id + '@' + a.ts));
  }

  // ---- header, captions, selectors --------------------------------------------------------------------------
  function renderHeader() {
    const live = state.live;
    const m = live.model;
    $('kpi-model').textContent = m ? `v${fmt.int(m.version)}${m.provisional ? ' (provisional)' : ''}` : 'warming up';
    $('kpi-steps').textContent = m ? fmt.int(m.steps) : '–';
    $('kpi-logz').textContent = m && m.logZ != null ? `${fmt.num(m.logZ)} ± ${fmt.num(m.logZStandardError)}` : '–';
    $('kpi-points').textContent = fmt.rate(live.rates.points);
    const share = live.rates.scores > 0 ? (100 * live.rates.anomalies) / live.rates.scores : 0;
    $('kpi-anomalies').textContent = `${fmt.rate(live.rates.anomalies)}/s · ${NF1.format(share)}%`;
    $('kpi-samples').textContent = live.rates.samples > 0 ? fmt.rate(live.rates.samples) : 'none';
    const d = state.density && state.density.available ? state.density : null;
    let caption;
    if (!m) {
      caption = `warming up: the first model is on its way · ${fmt.int(live.points.length)} recent points`;
    } else {
      caption = `model v${fmt.int(m.version)} · log-density over ${state.x} and ${state.y}`;
      if (m.provisional) {
        caption += ` · provisional: sigma ${fmt.num(m.sigma)} by a rule of thumb while sigma is selected`;
      }
      if (d && live.features.length > 2) {
        const others = live.features.filter((f) => f !== state.x && f !== state.y)
          .map((f) => `${f} = ${fmt.coord(d.slice[f])}`);
        caption += ` · the others at their means (${others.slice(0, 4).join(', ')}${others.length > 4 ? ', …' : ''})`;
      }
      caption += ` · ${fmt.int(live.points.length)} recent points`;
    }
    $('density-caption').textContent = caption;
    $('footer-status').textContent = `updated ${fmt.time(live.now)} · seen ${fmt.int(live.totals.points)} points, `
      + `${fmt.int(live.totals.scores)} scores, ${fmt.int(live.totals.anomalies)} flagged, `
      + `${fmt.int(live.totals.rejected)} rejected, ${fmt.int(live.totals.samples)} samples`;
  }

  function setupSelectors(features) {
    state.features = features;
    const params = new URLSearchParams(location.search);
    state.x = features.includes(params.get('x')) ? params.get('x') : features[0];
    state.y = features.includes(params.get('y')) && params.get('y') !== state.x ? params.get('y')
      : features.find((f) => f !== state.x);
    if (features.length <= 2) return;
    $('selectors').hidden = false;
    for (const [id, axis] of [['feature-x', 'x'], ['feature-y', 'y']]) {
      const select = $(id);
      for (const f of features) {
        const option = document.createElement('option');
        option.value = f;
        option.textContent = f;
        select.appendChild(option);
      }
      select.value = state[axis];
      select.addEventListener('change', () => {
        const other = axis === 'x' ? 'y' : 'x';
        if (select.value === state[other]) {
          state[other] = state[axis];
          $(`feature-${other}`).value = state[other];
        }
        state[axis] = select.value;
        const url = new URL(location.href);
        url.searchParams.set('x', state.x);
        url.searchParams.set('y', state.y);
        history.replaceState(null, '', url);
        poll();
      });
    }
  }

  // ---- polling ----------------------------------------------------------------------------------------------
  async function getJson(url) {
    const response = await fetch(url, {cache: 'no-store'});
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    return response.json();
  }

  function query() {
    return state.x ? `?x=${encodeURIComponent(state.x)}&y=${encodeURIComponent(state.y)}` : '';
  }

  let pollTimer = null;

  async function poll() {
    clearTimeout(pollTimer);
    try {
      const live = await getJson('api/live' + query());
      if (!state.features) {
        setupSelectors(live.features);
      }
      if (live.x !== state.x || live.y !== state.y) {
        // Answered for an older choice of features: ask again.
        pollTimer = setTimeout(poll, 0);
        return;
      }
      state.live = live;
      if (live.model) {
        const key = `${live.model.version}|${state.x}|${state.y}`;
        if (key !== state.densityKey) {
          const density = await getJson(`api/density${query()}&size=${GRID_SIZE}`);
          if (density.available && density.x === state.x && density.y === state.y) {
            state.density = density;
            state.densityKey = `${density.modelVersion}|${density.x}|${density.y}`;
          }
        }
      }
      document.body.classList.remove('offline');
      render();
      state.polls++;
      document.body.dataset.polls = String(state.polls);
    } catch (e) {
      document.body.classList.add('offline');
      $('footer-status').textContent = `connection lost (${e.message}); retrying…`;
    }
    pollTimer = setTimeout(poll, POLL_MS);
  }

  async function pollHealth() {
    const el = $('health');
    try {
      const response = await fetch('health', {cache: 'no-store'});
      const health = await response.json();
      const down = health.roles.filter((r) => !r.up);
      el.className = 'health ' + (response.ok ? 'up' : 'down');
      el.querySelector('.text').textContent = response.ok
        ? `${health.roles.map((r) => r.role).join(' · ')} running`
        : down.length ? down.map((r) => `${r.role}: ${r.state.toLowerCase()}`).join(' · ') : 'no roles running';
    } catch (e) {
      el.className = 'health down';
      el.querySelector('.text').textContent = 'unreachable';
    }
    setTimeout(pollHealth, HEALTH_MS);
  }

  function render() {
    if (!state.live) return;
    renderHeader();
    drawHeatmap();
    drawSamples();
    drawHistogram();
    renderAnomalies();
    state.firstRender = false;
  }

  let resizeFrame = 0;
  window.addEventListener('resize', () => {
    cancelAnimationFrame(resizeFrame);
    resizeFrame = requestAnimationFrame(render);
  });

  poll();
  pollHealth();
})();
