/* The explorer page: sliders, charts (uPlot) and the metrics table, over the generated
   model (WardilemmaModel), the metrics (WardilemmaMetrics) and the settings
   (WardilemmaSettings). Everything it shows comes from the page's data, which wardilemma
   wrote from the model's definition. Illustrative model, not a forecast. */
(function () {
  "use strict";
  const DATA = JSON.parse(document.getElementById("wardilemma-data").textContent);
  const MODEL = WardilemmaModel, MET = WardilemmaMetrics, SET = WardilemmaSettings;
  const COLOURS = { user: "#0072B2", reference: "#D55E00" };
  const FAINT = "66"; // alpha of the reference's lines
  const DASHES = [[], [10, 5], [2, 4], [10, 4, 2, 4]];
  const $ = (id) => document.getElementById(id);

  const state = {
    start: DATA.start,
    reference: DATA.reference,
    values: {},
    runs: { user: null, reference: null },
    charts: [],
    timings: [],
    lastError: null,
  };

  // ---- what to record: the panels' variables and the metrics' needs
  const known = new Set(MODEL.VARIABLES);
  const recorded = new Set(["at_war"]);
  for (const panel of DATA.panels) for (const s of panel.series) recorded.add(s.variable);
  for (const m of DATA.metrics.all) for (const n of m.needs) recorded.add(n);
  const RECORD = Array.from(recorded).filter((n) => known.has(n));
  const METRICS = DATA.metrics.all.filter((m) => m.needs.every((n) => known.has(n)));

  function scenario(i) {
    return DATA.scenarios[i];
  }

  function simulate(inputs) {
    return MODEL.simulate(inputs, { record: RECORD });
  }

  // ---- numbers as people read them
  function fmt(x) {
    if (x === 0) return "0";
    const a = Math.abs(x);
    if (a >= 1e5) return Math.round(x).toLocaleString("en-US");
    if (a >= 100) return x.toLocaleString("en-US", { maximumFractionDigits: 1 });
    return String(Number(x.toPrecision(4)));
  }

  function unitsText(units) {
    return units === "1" ? "" : " " + units;
  }

  function leverText(lever, value, start) {
    if (lever.date) {
      if (lever.never !== null && value > lever.high) return "never (after the run)";
      return MET.monthLabel(start, value) + " (month " + fmt(value) + ")";
    }
    return fmt(value) + unitsText(lever.units);
  }

  // a slider's position <-> the lever's value (a month lever has a last stop "never")
  function toSlider(lever, value) {
    if (lever.never !== null && value > lever.high) return lever.high + lever.step;
    return Math.min(Math.max(value, lever.low), lever.high);
  }

  function fromSlider(lever, position) {
    const x = parseFloat(position);
    if (lever.never !== null && x > lever.high) return lever.never;
    return x;
  }

  // ---- the controls
  function buildSelect(el, selected) {
    el.innerHTML = "";
    DATA.scenarios.forEach((sc, i) => {
      const o = document.createElement("option");
      o.value = String(i);
      o.textContent = sc.name + (sc.file ? " (" + sc.file + ")" : "");
      o.title = sc.description;
      if (i === selected) o.selected = true;
      el.appendChild(o);
    });
  }

  function scheduleText(lever, sched, start) {
    const col = lever.region === null ? 0 : scenario(state.start).inputs.regions.indexOf(lever.region);
    const points = sched.times.map((t, k) => MET.monthLabel(start, t) + ": " + leverText(lever, sched.values[k][col], start));
    return (sched.interpolation === "linear" ? "ramps " : "steps ") + points.join(", ");
  }

  function buildLevers() {
    const box = $("levers");
    box.innerHTML = "";
    DATA.levers.forEach((lever, i) => {
      const div = document.createElement("div");
      div.className = "lever";
      const range = lever.low === lever.high ? "" : fmt(lever.low) + " to " + fmt(lever.high);
      const allowed = "allowed " + fmt(lever.allowed[0]) + " to " + fmt(lever.allowed[1]);
      const rangeText = lever.date
        ? "months " + fmt(lever.low) + " to " + fmt(lever.high) + (lever.never !== null ? ", then never" : "")
        : range + unitsText(lever.units) + " (" + allowed + ")";
      div.innerHTML =
        '<div class="head"><label for="lever-' + i + '"></label><output for="lever-' + i + '" id="lever-' + i + '-value"></output></div>' +
        '<input type="range" id="lever-' + i + '">' +
        '<div class="doc"></div><div class="range"></div><div class="note"></div>';
      div.querySelector("label").textContent = lever.label;
      div.title = lever.doc;
      const input = div.querySelector("input");
      input.min = String(lever.low);
      input.max = String(lever.never !== null ? lever.high + lever.step : lever.high);
      input.step = String(lever.step);
      input.dataset.lever = lever.key;
      input.setAttribute("aria-describedby", "lever-" + i + "-value");
      div.querySelector(".range").textContent = rangeText;
      div.querySelector(".doc").textContent = lever.doc;
      input.addEventListener("input", () => {
        state.values[lever.key] = fromSlider(lever, input.value);
        showLever(i);
        update();
      });
      box.appendChild(div);
    });
  }

  function showLever(i) {
    const lever = DATA.levers[i], sc = scenario(state.start);
    const input = $("lever-" + i), out = $("lever-" + i + "-value");
    const note = input.parentNode.querySelector(".note");
    const present = SET.hasLever(sc, lever);
    input.disabled = !present;
    if (!present) {
      out.textContent = "";
      note.textContent = "no region " + lever.region + " in this scenario";
      return;
    }
    const moved = state.values[lever.key] !== undefined;
    const value = moved ? state.values[lever.key] : SET.leverBase(sc, lever);
    if (!moved) input.value = String(toSlider(lever, value));
    out.textContent = leverText(lever, value, sc.start);
    const sched = SET.leverSchedule(sc, lever);
    note.classList.toggle("moved", moved);
    if (moved) {
      note.textContent = sched ? "your value, from the start (replaces the scenario's schedule)" : "your value";
    } else {
      note.textContent = sched ? "in the scenario: " + scheduleText(lever, sched, sc.start) : "as in the scenario";
    }
  }

  function showLevers() {
    DATA.levers.forEach((_, i) => showLever(i));
  }

  // ---- the charts
  function years(run, start) {
    const p = start.split("-").map(Number);
    return Array.from(run.time, (t) => p[0] + (p[1] - 1) / 12 + t / 12);
  }

  // the lines of a panel for one run: [{label, values, dash}]
  function panelLines(panel, run) {
    const lines = [];
    panel.series.forEach((s, j) => {
      if (!(s.variable in run.data)) return;
      const regs = s.region === "*" ? run.regions : [s.region];
      regs.forEach((g, k) => {
        if (g !== null && !run.regions.includes(g)) return;
        const w = run.width[s.variable];
        const values = Array.from(MET.series(run, s.variable, w === 1 ? null : g), (x) => x * s.scale);
        lines.push({
          label: s.label + (s.region === "*" ? " (" + g + ")" : ""),
          key: s.variable + "|" + (w === 1 ? "" : g),
          values: values,
          dash: DASHES[(s.region === "*" ? k : j) % DASHES.length],
          axis: s.axis,
        });
      });
    });
    return lines;
  }

  // values of a run on the user's time grid (null where the other run has no point)
  function align(xs, run, start, values) {
    const own = years(run, start);
    if (own.length === xs.length && own.every((x, k) => x === xs[k])) return values;
    const at = new Map(own.map((x, k) => [x.toFixed(6), values[k]]));
    return xs.map((x) => (at.has(x.toFixed(6)) ? at.get(x.toFixed(6)) : null));
  }

  function chartData(panel) {
    const user = state.runs.user, ref = state.runs.reference;
    const us = scenario(state.start), rs = scenario(state.reference);
    const xs = years(user, us.start);
    const refLines = panelLines(panel, ref), userLines = panelLines(panel, user);
    return {
      xs: xs,
      refLines: refLines,
      userLines: userLines,
      data: [xs]
        .concat(refLines.map((l) => align(xs, ref, rs.start, l.values)))
        .concat(userLines.map((l) => l.values)),
    };
  }

  function ceasefireYear(run, start) {
    if (!("at_war" in run.data)) return null;
    const w = MET.series(run, "at_war");
    const xs = years(run, start);
    for (let k = 0; k < w.length; k++) if (w[k] < 0.5) return xs[k];
    return null;
  }

  function drawMarks(panel) {
    return function (u) {
      const ctx = u.ctx, top = u.bbox.top, height = u.bbox.height;
      ctx.save();
      const marks = [
        [ceasefireYear(state.runs.reference, scenario(state.reference).start), COLOURS.reference + "99"],
        [ceasefireYear(state.runs.user, scenario(state.start).start), COLOURS.user],
      ];
      ctx.setLineDash([6, 2, 1, 2]);
      ctx.lineWidth = 1.5 * devicePixelRatio;
      ctx.font = 12 * devicePixelRatio + "px system-ui, sans-serif";
      for (const [x, colour] of marks) {
        if (x === null || x < u.scales.x.min || x > u.scales.x.max) continue;
        const px = u.valToPos(x, "x", true);
        ctx.strokeStyle = colour;
        ctx.beginPath();
        ctx.moveTo(px, top);
        ctx.lineTo(px, top + height);
        ctx.stroke();
        ctx.fillStyle = colour;
        ctx.save();
        ctx.translate(px - 4 * devicePixelRatio, top + 4 * devicePixelRatio);
        ctx.rotate(-Math.PI / 2);
        ctx.textAlign = "right";
        ctx.fillText("ceasefire", 0, 0);
        ctx.restore();
      }
      if (panel.threshold !== null) {
        const py = u.valToPos(panel.threshold, "y", true);
        ctx.setLineDash([2, 4]);
        ctx.strokeStyle = "#555";
        ctx.beginPath();
        ctx.moveTo(u.bbox.left, py);
        ctx.lineTo(u.bbox.left + u.bbox.width, py);
        ctx.stroke();
        ctx.fillStyle = "#444";
        ctx.textAlign = "right";
        ctx.fillText("instability threshold " + panel.threshold, u.bbox.left + u.bbox.width - 4, py - 4);
      }
      ctx.restore();
    };
  }

  function range(lo, hi) {
    return function (u, min, max) {
      if (min === null || max === null) return [lo === null ? 0 : lo, hi === null ? 1 : hi];
      const low = lo === null ? min : Math.min(lo, min);
      const high = hi === null ? max + 0.05 * (max - low || 1) : Math.max(hi, max);
      return [low, high];
    };
  }

  function chartWidth(el) {
    return Math.max(el.clientWidth - 8, 280);
  }

  function buildCharts() {
    for (const c of state.charts) c.plot.destroy();
    state.charts = [];
    const box = $("charts");
    box.innerHTML = "";
    const refName = scenario(state.reference).name;
    for (const panel of DATA.panels) {
      const el = document.createElement("div");
      el.className = "chart";
      el.dataset.panel = panel.key;
      box.appendChild(el);
      const cd = chartData(panel);
      const series = [{ label: "year", value: (u, v) => (v === null ? "" : v.toFixed(2)) }];
      for (const l of cd.refLines) {
        series.push({
          label: l.label + " [" + refName + "]",
          stroke: COLOURS.reference + FAINT,
          width: 1.6,
          dash: l.dash,
          scale: l.axis,
          value: (u, v) => (v === null ? "-" : fmt(v)),
        });
      }
      for (const l of cd.userLines) {
        series.push({
          label: l.label,
          stroke: COLOURS.user,
          width: 2.6,
          dash: l.dash,
          scale: l.axis,
          value: (u, v) => (v === null ? "-" : fmt(v)),
        });
      }
      const axes = [
        { label: "Year", values: (u, ticks) => ticks.map((v) => String(Math.round(v))), labelSize: 22 },
        { label: panel.ylabel, scale: "y", labelSize: 22, size: 60 },
      ];
      const scales = { x: { time: false }, y: { range: range(panel.ymin, panel.ymax) } };
      if (panel.series.some((s) => s.axis === "y2")) {
        axes.push({ label: panel.y2label, scale: "y2", side: 1, grid: { show: false }, labelSize: 22, size: 50 });
        scales.y2 = { range: range(0, null) };
      }
      const plot = new uPlot(
        {
          title: panel.title,
          width: chartWidth(el),
          height: 290,
          scales: scales,
          axes: axes,
          series: series,
          cursor: { drag: { x: false, y: false } },
          legend: { show: false },
          hooks: { draw: [drawMarks(panel)], setCursor: [(u) => readout(u, el)] },
        },
        cd.data,
        el
      );
      el.appendChild(chartKey(cd.userLines));
      el.dataset.refKeys = JSON.stringify(cd.refLines.map((l) => l.key));
      state.charts.push({ panel: panel, plot: plot, el: el, keys: cd.userLines.map((l) => l.key) });
    }
  }

  // values under the cursor, after each line's name in the chart's key
  function readout(u, el) {
    const i = u.cursor.idx;
    const spans = el.querySelectorAll(".key .value");
    const refKeys = JSON.parse(el.dataset.refKeys || "[]");
    const nRef = refKeys.length;
    const when = el.querySelector(".key .when");
    if (i === null || i === undefined) {
      spans.forEach((sp) => (sp.textContent = ""));
      when.textContent = "";
      return;
    }
    const year = u.data[0][i];
    when.textContent = MET.monthLabel(String(Math.floor(year + 1e-9)) + "-01", Math.round((year % 1) * 12)) + ":";
    spans.forEach((sp, k) => {
      const mine = u.data[1 + nRef + k][i];
      const r = refKeys.indexOf(sp.dataset.key);
      const ref = r < 0 ? null : u.data[1 + r][i];
      sp.textContent = " " + (mine === null ? "-" : fmt(mine)) + (ref === null || ref === undefined ? "" : " (ref. " + fmt(ref) + ")");
    });
  }

  // the key of a chart's line styles (colour is the run: see the legend above the charts)
  function chartKey(lines) {
    const key = document.createElement("div");
    key.className = "key";
    const when = document.createElement("span");
    when.className = "when";
    key.appendChild(when);
    for (const l of lines) {
      const item = document.createElement("span");
      const dash = l.dash.length ? l.dash.join(" ") : "none";
      item.innerHTML =
        '<svg width="34" height="10" aria-hidden="true"><line x1="1" y1="5" x2="33" y2="5" stroke="#333" stroke-width="2.5" stroke-dasharray="' +
        dash + '"/></svg> ';
      item.appendChild(document.createTextNode(l.label));
      const value = document.createElement("b");
      value.className = "value";
      value.dataset.key = l.key;
      item.appendChild(value);
      key.appendChild(item);
    }
    return key;
  }

  function redraw() {
    for (const c of state.charts) {
      const cd = chartData(c.panel);
      const keys = cd.userLines.map((l) => l.key);
      if (keys.join() !== c.keys.join()) return buildCharts();
      c.plot.batch(() => c.plot.setData(cd.data));
    }
  }

  // ---- the metrics table
  function metricRows() {
    const first = DATA.model.regions[0];
    const rows = [];
    for (const name of DATA.metrics.key) {
      const m = METRICS.find((x) => x.name === name);
      if (!m) continue;
      if (m.regional) {
        rows.push([m, "all regions"]);
        rows.push([m, first]);
      } else rows.push([m, ""]);
    }
    return rows;
  }

  function metricValues(run) {
    const out = {};
    for (const v of MET.compute(run, METRICS, DATA.metrics, null)) out[v.name + "|" + v.region] = v.value;
    return out;
  }

  function showMetrics() {
    const body = $("metrics").querySelector("tbody");
    const ref = metricValues(state.runs.reference), user = metricValues(state.runs.user);
    const rs = scenario(state.reference), us = scenario(state.start);
    $("metrics-reference").textContent = "Reference: " + rs.name;
    $("metrics-user").textContent = "Your settings";
    const rows = metricRows();
    if (body.rows.length !== rows.length) {
      body.innerHTML = "";
      for (const [m, region] of rows) {
        const tr = body.insertRow();
        const label = m.label + (region && region !== "all regions" ? " (" + region + ")" : "");
        tr.insertCell().textContent = label;
        tr.cells[0].title = m.definition;
        tr.insertCell().className = "ref";
        tr.insertCell().className = "user";
        const units = tr.insertCell();
        units.className = "units";
        units.textContent = m.kind === "month" ? "" : m.units;
        tr.dataset.metric = m.name;
        tr.dataset.region = region;
      }
    }
    rows.forEach(([m, region], k) => {
      const tr = body.rows[k], key = m.name + "|" + region;
      const fill = (cell, value, start) => {
        cell.textContent = MET.formatValue(m, value, start);
        cell.dataset.value = value === null || value === undefined ? "" : String(value);
      };
      fill(tr.cells[1], ref[key], rs.start);
      fill(tr.cells[2], user[key], us.start);
    });
  }

  // ---- runs
  function runReference() {
    state.runs.reference = simulate(SET.inputsFor(scenario(state.reference), DATA.levers, {}));
  }

  function runUser() {
    state.runs.user = simulate(SET.inputsFor(scenario(state.start), DATA.levers, state.values));
  }

  function status(text, error) {
    const el = $("status");
    el.textContent = text;
    el.classList.toggle("error", !!error);
  }

  // One slider move: run the model, redraw the charts and the table (timed).
  function update() {
    const t0 = performance.now();
    try {
      runUser();
    } catch (err) {
      state.lastError = String(err.message || err);
      status("The model could not run with these settings: " + state.lastError, true);
      return;
    }
    state.lastError = null;
    redraw();
    showMetrics();
    const ms = performance.now() - t0;
    state.timings.push(ms);
    status("model run and redraw: " + ms.toFixed(1) + " ms");
  }

  function legend() {
    const rs = scenario(state.reference), us = scenario(state.start);
    const el = $("legend");
    el.innerHTML =
      '<span class="swatch" style="border-color:' + COLOURS.user + '"></span><b>your settings</b> (from <span id="legend-user"></span>)' +
      '<span class="swatch" style="border-color:' + COLOURS.reference + FAINT + '"></span>reference: <span id="legend-ref"></span>' +
      '<span class="swatch" style="border-top-style:dashed;border-color:#777"></span>dashed and dotted: see each chart\'s key; vertical lines: ceasefire';
    $("legend-user").textContent = us.name;
    $("legend-ref").textContent = rs.name;
  }

  function restart() {
    state.values = {};
    showLevers();
    runReference();
    runUser();
    legend();
    buildCharts();
    showMetrics();
  }

  function download() {
    const text = SET.scenarioToml(DATA.model, scenario(state.start), DATA.levers, state.values, DATA.version);
    const slug = scenario(state.start).name.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, "");
    const a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([text], { type: "application/toml" }));
    a.download = (slug || "scenario") + "_explorer.toml";
    document.body.appendChild(a);
    a.click();
    setTimeout(() => {
      URL.revokeObjectURL(a.href);
      a.remove();
    }, 1000);
    return text;
  }

  // ---- start
  buildSelect($("start-scenario"), state.start);
  buildSelect($("reference-scenario"), state.reference);
  $("start-scenario").addEventListener("change", (e) => {
    state.start = Number(e.target.value);
    restart();
  });
  $("reference-scenario").addEventListener("change", (e) => {
    state.reference = Number(e.target.value);
    runReference();
    legend();
    buildCharts();
    showMetrics();
  });
  $("reset").addEventListener("click", () => {
    state.values = {};
    showLevers();
    update();
  });
  $("download").addEventListener("click", download);
  $("provenance").textContent = DATA.scenarios
    .map((s) => (s.file || s.name) + " (sha256 " + s.sha256.slice(0, 8) + ")")
    .join(", ");
  buildLevers();
  try {
    restart();
  } catch (err) {
    state.lastError = String(err.message || err);
    status("The model could not run: " + state.lastError, true);
  }
  let resizeTimer = null;
  window.addEventListener("resize", () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => {
      for (const c of state.charts) c.plot.setSize({ width: chartWidth(c.el), height: 290 });
    }, 100);
  });
  // for tests and the curious: the state, the last run and the timings
  window.wardilemmaExplorer = { state: state, data: DATA, download: download, scenarioToml: () =>
    SET.scenarioToml(DATA.model, scenario(state.start), DATA.levers, state.values, DATA.version) };
})();
