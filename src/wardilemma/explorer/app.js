/* The explorer page: three modes over the generated model (WardilemmaModel), the metrics
   (WardilemmaMetrics), the settings (WardilemmaSettings) and the game (WardilemmaGame):
   - explore: sliders for the policy levers and, apart, the world-view assumptions; one or
     two large charts; "keep this run" overlays up to four runs;
   - play: the class is the regime's planner from the branch month, turn by turn;
   - story: guided steps that ask for a prediction before revealing the model's answer.
   The address (URL hash) holds every setting, so a link restores the page as it was.
   Everything shown comes from the page's data, written from the model's definition.
   Illustrative model, not a forecast. */
(function () {
  "use strict";
  const DATA = JSON.parse(document.getElementById("wardilemma-data").textContent);
  const MODEL = WardilemmaModel, MET = WardilemmaMetrics, SET = WardilemmaSettings, GAME = WardilemmaGame;
  const COLOURS = { user: "#0072B2", reference: "#D55E00" };
  const KEPT_COLOURS = ["#009E73", "#CC79A7", "#7F5F00", "#56B4E9"];
  const SCENARIO_COLOURS = ["#D55E00", "#7F5F00", "#009E73", "#CC79A7", "#56B4E9", "#999999"];
  const FAINT = "88"; // alpha of the reference's lines
  const DASHES = [[], [10, 5], [2, 4], [10, 4, 2, 4]];
  const MAX_KEPT = 4, MAX_SHOWN = 2;
  const CHART_FONT = "18px system-ui, sans-serif", TITLE_PX = 20;
  const $ = (id) => document.getElementById(id);
  const THRESHOLD = DATA.metrics.instability_threshold;
  const DRIVER_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#7F5F00", "#56B4E9"];
  const DRIVERS_PANEL = {
    key: "drivers",
    title: "What pushes discontent up in the " + DATA.model.regions[0] + ": its inflow by driver",
    ylabel: "index points per month",
    y2label: "",
    threshold: null,
    ymin: 0,
    ymax: null,
    note: "",
    series: DATA.drivers.map((d, k) => ({ variable: d.variable, label: d.label, region: DATA.model.regions[0], scale: 1, axis: "y", driver: d, colour: DRIVER_COLOURS[k % DRIVER_COLOURS.length] })),
  };

  const state = {
    mode: "explore",
    start: DATA.start,
    reference: DATA.reference,
    values: {},
    world: {},
    kept: [],
    shown: DATA.panels.slice(0, MAX_SHOWN).map((p) => p.key),
    runs: { user: null, reference: null },
    charts: [],
    timings: [],
    turnTimings: [],
    worldsTimings: [],
    lastError: null,
    game: { turn: DATA.game.turns[0], decisions: [] },
    story: { step: 0, guess: null, far: null, revealed: false },
  };

  // ---- what to record: the panels' variables, the drivers and the metrics' needs
  const known = new Set(MODEL.VARIABLES);
  const recorded = new Set(["at_war", "discontent", "instability_risk", "national_discontent"]);
  for (const panel of DATA.panels) for (const s of panel.series) recorded.add(s.variable);
  for (const d of DATA.drivers) {
    recorded.add(d.variable);
    if (d.saturation) recorded.add(d.saturation);
  }
  for (const m of DATA.metrics.all) for (const n of m.needs) recorded.add(n);
  for (const step of DATA.story ? DATA.story.steps : []) recorded.add(step.predict.variable);
  const RECORD = Array.from(recorded).filter((n) => known.has(n));
  const METRICS = DATA.metrics.all.filter((m) => m.needs.every((n) => known.has(n)));
  const ALL_LEVERS = DATA.levers.concat(DATA.assumptions);

  function scenario(i) {
    return DATA.scenarios[i];
  }

  function simulate(inputs) {
    return MODEL.simulate(inputs, { record: RECORD });
  }

  // the inputs of a scenario with the world view and the sliders' values
  function inputsWith(i, values) {
    return SET.inputsFor(scenario(i), ALL_LEVERS, Object.assign({}, state.world, values || {}));
  }

  // ---- numbers as people read them
  function fmt(x) {
    if (x === 0) return "0";
    const a = Math.abs(x);
    if (a >= 1e5) return Math.round(x).toLocaleString("en-US");
    if (a >= 100) return x.toLocaleString("en-US", { maximumFractionDigits: 1 });
    return String(Number(x.toPrecision(3)));
  }

  function shownText(lever, value) {
    return fmt(value * lever.scale) + (lever.shown_units ? " " + lever.shown_units : "");
  }

  function monthName(start, month) {
    const label = MET.monthLabel(start, month);
    const names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    return names[Number(label.slice(5)) - 1] + " " + label.slice(0, 4);
  }

  function leverText(lever, value, start) {
    if (lever.date) {
      if (lever.never !== null && value > lever.high) return "never (after the run)";
      return monthName(start, value) + " (month " + fmt(value) + ")";
    }
    return shownText(lever, value);
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

  // ---- the address holds the page's state
  function writeHash() {
    const h = { m: state.mode, s: state.start, r: state.reference, v: state.values, w: state.world, p: state.shown };
    if (state.kept.length) h.k = state.kept.map((k) => ({ n: k.name, s: k.start, v: k.values, w: k.world }));
    if (state.game.decisions.length || state.mode === "play") h.g = { t: state.game.turn, d: state.game.decisions };
    if (state.mode === "story") h.t = state.story;
    const text = "#" + encodeURIComponent(JSON.stringify(h));
    if (location.hash !== text) history.replaceState(null, "", text);
  }

  function readHash() {
    if (location.hash.length < 2) return;
    let h;
    try {
      h = JSON.parse(decodeURIComponent(location.hash.slice(1)));
    } catch (err) {
      status("The link's settings could not be read; showing the defaults.", true);
      return;
    }
    const index = (x, d) => (Number.isInteger(x) && x >= 0 && x < DATA.scenarios.length ? x : d);
    const numbers = (o) => {
      const out = {};
      for (const [k, v] of Object.entries(o || {})) if (ALL_LEVERS.some((l) => l.key === k) && Number.isFinite(v)) out[k] = v;
      return out;
    };
    state.mode = ["explore", "play", "story"].includes(h.m) ? h.m : "explore";
    state.start = index(h.s, state.start);
    state.reference = index(h.r, state.reference);
    state.values = numbers(h.v);
    state.world = numbers(h.w);
    if (Array.isArray(h.p)) state.shown = h.p.filter((k) => DATA.panels.some((p) => p.key === k)).slice(0, MAX_SHOWN);
    state.kept = (h.k || []).slice(0, MAX_KEPT).map((k) => ({ name: String(k.n), start: index(k.s, state.start), values: numbers(k.v), world: numbers(k.w) }));
    if (h.g) {
      state.game.turn = DATA.game.turns.includes(h.g.t) ? h.g.t : DATA.game.turns[0];
      state.game.decisions = GAME.checkDecisions(h.g.d, DATA.game.levers);
    }
    if (h.t && DATA.story) {
      const step = Number.isInteger(h.t.step) ? Math.min(Math.max(h.t.step, 0), DATA.story.steps.length - 1) : 0;
      state.story = {
        step: step,
        guess: ["up", "same", "down"].includes(h.t.guess) ? h.t.guess : null,
        far: ["little", "lot"].includes(h.t.far) ? h.t.far : null,
        revealed: !!h.t.revealed,
      };
    }
  }

  // ---- the controls
  function buildSelect(el, selected) {
    el.innerHTML = "";
    DATA.scenarios.forEach((sc, i) => {
      const o = document.createElement("option");
      o.value = String(i);
      o.textContent = sc.name;
      o.title = sc.description;
      if (i === selected) o.selected = true;
      el.appendChild(o);
    });
  }

  // "ramps to 3 (Apr 2026), 1 (Jan 2032) trillion roubles a year": values, then the units once
  function scheduleText(lever, sched, start) {
    const col = lever.region === null ? 0 : scenario(state.start).inputs.regions.indexOf(lever.region);
    const value = (v) => (lever.date ? leverText(lever, v, start) : fmt(v * lever.scale));
    const points = sched.times.map((t, k) => value(sched.values[k][col]) + " (" + monthName(start, t) + ")");
    const units = lever.date || !lever.shown_units ? "" : " " + lever.shown_units;
    return (sched.interpolation === "linear" ? "ramps to " : "steps to ") + points.join(", ") + units;
  }

  // a slider with its label, value, explanation and note; onInput(value) on a move
  function sliderBlock(lever, id, onInput) {
    const div = document.createElement("div");
    div.className = "lever";
    div.innerHTML =
      '<div class="head"><label for="' + id + '"></label><output for="' + id + '" id="' + id + '-value"></output></div>' +
      '<input type="range" id="' + id + '"><div class="doc"></div><div class="note"></div>';
    div.querySelector("label").textContent = lever.label;
    div.title = lever.doc + " (model name " + lever.key + ", " + lever.units + ")";
    const input = div.querySelector("input");
    input.min = String(lever.low);
    input.max = String(lever.never !== null ? lever.high + lever.step : lever.high);
    input.step = String(lever.step);
    input.dataset.lever = lever.key;
    input.setAttribute("aria-describedby", id + "-value");
    div.querySelector(".doc").textContent = lever.doc;
    input.addEventListener("input", () => onInput(fromSlider(lever, input.value)));
    return div;
  }

  function buildLevers() {
    for (const [box, list, store] of [[$("levers"), DATA.levers, "values"], [$("world"), DATA.assumptions, "world"]]) {
      box.innerHTML = "";
      list.forEach((lever, i) => {
        const id = (store === "values" ? "lever-" : "world-") + i;
        box.appendChild(
          sliderBlock(lever, id, (value) => {
            state[store][lever.key] = value;
            showLever(lever, id, store);
            update();
          })
        );
      });
    }
  }

  function showLever(lever, id, store) {
    const sc = scenario(state.start);
    const input = $(id), out = $(id + "-value");
    const note = input.parentNode.querySelector(".note");
    const present = SET.hasLever(sc, lever);
    input.disabled = !present;
    if (!present) {
      out.textContent = "";
      note.textContent = "no region " + lever.region + " in this scenario";
      return;
    }
    const moved = state[store][lever.key] !== undefined;
    const value = moved ? state[store][lever.key] : SET.leverBase(sc, lever);
    input.value = String(toSlider(lever, value));
    out.textContent = leverText(lever, value, sc.start);
    const sched = SET.leverSchedule(sc, lever);
    note.classList.toggle("moved", moved);
    if (moved) {
      note.textContent = store === "world" ? "your assumption (applies to every run)" : sched ? "your value, from the start (replaces the scenario's schedule)" : "your value";
    } else {
      note.textContent = sched ? "in the scenario: " + scheduleText(lever, sched, sc.start) : "as in the scenario";
    }
  }

  function showLevers() {
    DATA.levers.forEach((l, i) => showLever(l, "lever-" + i, "values"));
    DATA.assumptions.forEach((l, i) => showLever(l, "world-" + i, "world"));
    const n = Object.keys(state.world).length;
    $("world-summary").textContent = n ? n + " assumption" + (n > 1 ? "s" : "") + " changed: every run uses them" : "as in the scenarios";
  }

  // ---- the charts
  function years(run, start) {
    const p = start.split("-").map(Number);
    return Array.from(run.time, (t) => p[0] + (p[1] - 1) / 12 + t / 12);
  }

  // one driver of discontent's inflow: (1 - discontent) * saturation * sensitivity * grievance
  function driverSeries(run, inputs, driver, region) {
    const d = MET.series(run, "discontent", region);
    const g = MET.series(run, driver.variable, run.width[driver.variable] === 1 ? null : region);
    const s = driver.saturation ? MET.series(run, driver.saturation, run.width[driver.saturation] === 1 ? null : region) : null;
    const sens = inputs.params[driver.sensitivity][0];
    return Array.from(d, (x, k) => (1 - x) * (s ? s[k] : 1) * sens * g[k]);
  }

  // the lines of a panel for one run: [{label, key, values, dash, axis}]
  function panelLines(panel, run, inputs) {
    const lines = [];
    panel.series.forEach((s, j) => {
      if (!(s.variable in run.data)) return;
      const regs = s.region === "*" ? run.regions : [s.region];
      regs.forEach((g, k) => {
        if (g !== null && g !== "+" && !run.regions.includes(g)) return;
        const w = run.width[s.variable];
        let values;
        if (s.driver) values = driverSeries(run, inputs, s.driver, g);
        else if (g === "+") values = Array.from(MET.total(run, s.variable, null), (x) => x * s.scale);
        else values = Array.from(MET.series(run, s.variable, w === 1 ? null : g), (x) => x * s.scale);
        lines.push({
          label: s.label + (s.region === "*" ? " (" + g + ")" : s.region === "+" ? " (all regions)" : ""),
          key: s.variable + "|" + (w === 1 ? "" : g),
          values: values,
          dash: s.colour ? [] : DASHES[(s.region === "*" ? k : j) % DASHES.length],
          axis: s.axis,
          colour: s.colour || null,
        });
      });
    });
    return lines;
  }

  // values of a run on the x grid (null where the run has no point or after `upto`)
  function align(xs, own, values) {
    if (own.length === xs.length && own.every((x, k) => x === xs[k])) return values;
    const at = new Map(own.map((x, k) => [x.toFixed(6), values[k]]));
    return xs.map((x) => (at.has(x.toFixed(6)) ? at.get(x.toFixed(6)) : null));
  }

  /* A chart's runs: [{name, run, inputs, start, colour, width, main}]; the main run (drawn
     last, its lines' keys and values in the chart's key) sets the x grid. */
  function chartData(panel, runs, xs) {
    const data = [xs], series = [{ label: "year" }], lines = [];
    for (const r of runs) {
      const own = years(r.run, r.start);
      for (const l of panelLines(panel, r.run, r.inputs)) {
        data.push(align(xs, own, l.values));
        series.push({
          label: l.label + " [" + r.name + "]",
          stroke: l.colour ? (r.main ? l.colour : l.colour + "77") : r.colour,
          width: l.colour && !r.main ? 1.5 : r.width,
          dash: l.colour && !r.main ? [4, 3] : l.dash,
          scale: l.axis,
          value: (u, v) => (v === null ? "-" : fmt(v)),
        });
        lines.push(Object.assign({ run: r }, l));
      }
    }
    return { data: data, series: series, lines: lines, signature: series.map((s) => s.label + s.stroke).join("|") };
  }

  function ceasefireYear(r) {
    if (!("at_war" in r.run.data)) return null;
    const w = MET.series(r.run, "at_war");
    const xs = years(r.run, r.start);
    for (let k = 0; k < w.length; k++) if (w[k] < 0.5) return xs[k];
    return null;
  }

  function drawMarks(chart) {
    return function (u) {
      const ctx = u.ctx, top = u.bbox.top, height = u.bbox.height, dpr = devicePixelRatio;
      ctx.save();
      ctx.setLineDash([6, 2, 1, 2]);
      ctx.lineWidth = 1.5 * dpr;
      ctx.font = 18 * dpr + "px system-ui, sans-serif";
      for (const r of chart.runs) {
        const x = ceasefireYear(r);
        if (x === null || x < u.scales.x.min || x > u.scales.x.max) continue;
        const px = u.valToPos(x, "x", true);
        ctx.strokeStyle = r.colour;
        ctx.beginPath();
        ctx.moveTo(px, top);
        ctx.lineTo(px, top + height);
        ctx.stroke();
        if (r.main) {
          ctx.fillStyle = r.colour;
          ctx.save();
          ctx.translate(px - 5 * dpr, top + 4 * dpr);
          ctx.rotate(-Math.PI / 2);
          ctx.textAlign = "right";
          ctx.fillText("ceasefire", 0, 0);
          ctx.restore();
        }
      }
      if (chart.now !== null && chart.now !== undefined) {
        const px = u.valToPos(chart.now, "x", true);
        ctx.setLineDash([]);
        ctx.strokeStyle = "#222";
        ctx.lineWidth = 2 * dpr;
        ctx.beginPath();
        ctx.moveTo(px, top);
        ctx.lineTo(px, top + height);
        ctx.stroke();
        ctx.fillStyle = "#222";
        const atEnd = px > u.bbox.left + u.bbox.width - 40 * dpr;
        ctx.textAlign = atEnd ? "right" : "left";
        ctx.fillText("now", px + (atEnd ? -4 : 4) * dpr, top + 18 * dpr);
      }
      if (chart.panel.threshold !== null) {
        const py = u.valToPos(chart.panel.threshold, "y", true);
        ctx.setLineDash([2, 4]);
        ctx.strokeStyle = "#555";
        ctx.beginPath();
        ctx.moveTo(u.bbox.left, py);
        ctx.lineTo(u.bbox.left + u.bbox.width, py);
        ctx.stroke();
        ctx.fillStyle = "#333";
        ctx.textAlign = "right";
        ctx.fillText("crisis threshold " + chart.panel.threshold, u.bbox.left + u.bbox.width - 4, py - 6);
      }
      ctx.restore();
    };
  }

  function range(lo, hi) {
    return function (u, min, max) {
      if (min === null || max === null) return [lo === null ? 0 : lo, hi === null ? 1 : hi];
      const low = lo === null ? min - 0.05 * (max - min || 1) : Math.min(lo, min);
      const high = hi === null ? max + 0.05 * (max - low || 1) : Math.max(hi, max);
      return [low, high];
    };
  }

  function chartSize(el, height) {
    return { width: Math.max(el.clientWidth - 10, 280), height: height };
  }

  /* Draw (or update) a chart of `panel` in `box` for runs; slot k of the box's charts.
     xrange fixes the x-axis (the whole run while a game shows only what has happened). */
  function chart(box, list, k, panel, runs, options) {
    options = options || {};
    const main = runs[runs.length - 1];
    const xs = years(main.run, main.start);
    const cd = chartData(panel, runs, xs);
    const old = list[k];
    const height = options.height || 330;
    if (old && old.panel.key === panel.key && old.signature === cd.signature && old.height === height) {
      old.runs = runs;
      old.now = options.now;
      old.keys = cd.lines.filter((l) => l.run.main).map((l) => l.key);
      old.lines = cd.lines;
      old.plot.batch(() => {
        if (options.xrange) old.plot.setScale("x", { min: options.xrange[0], max: options.xrange[1] });
        old.plot.setData(cd.data, !options.xrange);
      });
      return old;
    }
    if (old) {
      old.plot.destroy();
      old.el.remove();
    }
    const el = document.createElement("div");
    el.className = "chart";
    el.dataset.panel = panel.key;
    const next = box.children[k] || null;
    box.insertBefore(el, next);
    // a y-axis label longer than the plot is high would be cut: its units go in a line
    // under the title instead (at the same size), and the axis gives up the label's room
    const twoAxes = panel.series.some((s) => s.axis === "y2");
    const fits = labelsFit(panel, height, twoAxes);
    const yLabel = (text) => (fits ? { label: text, labelSize: 26 } : { label: "", labelSize: 0 });
    const axes = [
      { label: "Year", values: (u, ticks) => ticks.map((v) => String(Math.round(v))), labelSize: 26, font: CHART_FONT, labelFont: "bold " + CHART_FONT, size: 50 },
      Object.assign({ scale: "y", size: 70, font: CHART_FONT, labelFont: "bold " + CHART_FONT }, yLabel(panel.ylabel)),
    ];
    const scales = { x: { time: false }, y: { range: range(panel.ymin, panel.ymax) } };
    if (options.xrange) scales.x.range = () => options.xrange;
    if (twoAxes) {
      axes.push(Object.assign({ scale: "y2", side: 1, grid: { show: false }, size: 60, font: CHART_FONT, labelFont: "bold " + CHART_FONT }, yLabel(panel.y2label)));
      scales.y2 = { range: range(0, null) };
    }
    const c = { panel: panel, runs: runs, now: options.now, el: el, signature: cd.signature, height: height, lines: cd.lines };
    c.keys = cd.lines.filter((l) => l.run.main).map((l) => l.key);
    c.plot = new uPlot(
      {
        title: panel.title + (panel.note ? " (" + panel.note + ")" : ""),
        ...chartSize(el, height),
        scales: scales,
        axes: axes,
        series: cd.series,
        cursor: { drag: { x: false, y: false } },
        legend: { show: false },
        hooks: { draw: [drawMarks(c)], setCursor: [(u) => readout(u, c)] },
      },
      cd.data,
      el
    );
    if (!fits) {
      const units = document.createElement("div");
      units.className = "units";
      units.textContent = twoAxes ? "left axis: " + panel.ylabel + "; right axis: " + panel.y2label : "y-axis: " + panel.ylabel;
      const title = el.querySelector(".u-title");
      title.parentNode.insertBefore(units, title.nextSibling);
    }
    el.appendChild(chartKey(cd.lines, runs));
    list[k] = c;
    return c;
  }

  // whether the y-axis labels (bold, chart font) fit along a plot `height` px high
  const measure = document.createElement("canvas").getContext("2d");
  function labelsFit(panel, height, twoAxes) {
    measure.font = "bold " + CHART_FONT;
    const room = height - 50 - 26 - 20; // the x axis, its label and a margin
    const labels = [panel.ylabel].concat(twoAxes ? [panel.y2label] : []);
    return labels.every((t) => measure.measureText(t).width <= room);
  }

  function trimCharts(list, n) {
    while (list.length > n) {
      const c = list.pop();
      c.plot.destroy();
      c.el.remove();
    }
  }

  // values under the cursor, after each line of the main run in the chart's key
  function readout(u, c) {
    const i = u.cursor.idx;
    const spans = c.el.querySelectorAll(".key .value");
    const when = c.el.querySelector(".key .when");
    if (i === null || i === undefined) {
      spans.forEach((sp) => (sp.textContent = ""));
      when.textContent = "";
      return;
    }
    const year = u.data[0][i];
    when.textContent = MET.monthLabel(String(Math.floor(year + 1e-9)) + "-01", Math.round((year % 1) * 12)) + ":";
    spans.forEach((sp) => {
      const v = u.data[1 + Number(sp.dataset.index)][i];
      sp.textContent = " " + (v === null || v === undefined ? "-" : fmt(v));
    });
  }

  // the key of a chart: each run's colour, each line's dash as drawn
  function chartKey(lines, runs) {
    const key = document.createElement("div");
    key.className = "key";
    const when = document.createElement("span");
    when.className = "when";
    key.appendChild(when);
    const many = runs.length > 1;
    lines.forEach((l, index) => {
      if (many && !l.run.main && runs.some((r) => r.main)) {
        if (lines.findIndex((m) => m.run === l.run) !== index) return;
      }
      const item = document.createElement("span");
      const thin = l.colour && !l.run.main;
      const dash = thin ? "4 3" : l.dash.length ? l.dash.join(" ") : "none";
      const colour = thin ? "#777777" : (l.colour || l.run.colour).slice(0, 7);
      item.innerHTML =
        '<svg width="40" height="12" aria-hidden="true"><line x1="1" y1="6" x2="39" y2="6" stroke="' + colour +
        '" stroke-width="' + Math.min(l.run.width + 0.5, 4) + '" stroke-dasharray="' + dash + '"/></svg> ';
      const own = l.run.main || !many;
      item.appendChild(document.createTextNode(own ? l.label : l.colour ? "thin dashed: " + l.run.name : l.run.name));
      if (own) {
        const value = document.createElement("b");
        value.className = "value";
        value.dataset.key = l.key;
        value.dataset.index = String(index);
        item.appendChild(value);
      }
      key.appendChild(item);
    });
    return key;
  }

  // ---- explore mode
  function exploreRuns() {
    const rs = scenario(state.reference), us = scenario(state.start);
    const runs = [];
    if (state.runs.defaultWorld) {
      runs.push({ name: "reference, default world view", run: state.runs.defaultWorld, inputs: state.inputs.defaultWorld, start: rs.start, colour: "#777777", width: 1.5 });
    }
    const changed = state.runs.defaultWorld ? ", your world view" : "";
    runs.push({ name: "reference: " + rs.name + changed, run: state.runs.reference, inputs: state.inputs.reference, start: rs.start, colour: COLOURS.reference + FAINT, width: 2 });
    state.kept.forEach((k, i) => runs.push({ name: k.name, run: k.run, inputs: k.inputs, start: scenario(k.start).start, colour: KEPT_COLOURS[i], width: 2 }));
    runs.push({ name: "your settings (from " + us.name + ")", run: state.runs.user, inputs: state.inputs.user, start: us.start, colour: COLOURS.user, width: 3, main: true });
    return runs;
  }

  function drawExplore() {
    const runs = exploreRuns();
    const box = $("charts");
    const panels = state.shown.map((k) => DATA.panels.find((p) => p.key === k));
    box.classList.toggle("one", panels.length === 1); // the layout first: charts take its width
    panels.forEach((p, k) => chart(box, state.charts, k, p, runs, { height: panels.length === 1 ? 460 : 360 }));
    trimCharts(state.charts, panels.length);
    fit(state.charts);
  }

  // charts as wide as their boxes (after a change of layout)
  function fit(list) {
    for (const c of list) {
      const size = chartSize(c.el, c.height);
      if (Math.abs(c.plot.width - size.width) > 1) c.plot.setSize(size);
    }
  }

  function buildPanelPicker() {
    const box = $("panel-picker");
    box.innerHTML = "";
    for (const p of DATA.panels) {
      const b = document.createElement("button");
      b.type = "button";
      b.dataset.panel = p.key;
      b.textContent = p.short;
      b.title = p.title;
      b.setAttribute("aria-pressed", String(state.shown.includes(p.key)));
      b.addEventListener("click", () => {
        const on = state.shown.includes(p.key);
        if (on && state.shown.length > 1) state.shown = state.shown.filter((k) => k !== p.key);
        else if (!on) state.shown = state.shown.concat([p.key]).slice(-MAX_SHOWN);
        const order = DATA.panels.map((x) => x.key);
        state.shown.sort((a, b) => order.indexOf(a) - order.indexOf(b));
        for (const x of box.children) x.setAttribute("aria-pressed", String(state.shown.includes(x.dataset.panel)));
        drawExplore();
        writeHash();
      });
      box.appendChild(b);
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
  state.inputs = { user: null, reference: null };
  function runReference() {
    state.inputs.reference = inputsWith(state.reference, {});
    state.runs.reference = simulate(state.inputs.reference);
    // the reference in the default world view too, drawn while the world view is changed
    if (!Object.keys(state.world).length) state.runs.defaultWorld = null;
    else if (!state.runs.defaultWorld || state.defaultWorldOf !== state.reference) {
      state.inputs.defaultWorld = SET.inputsFor(scenario(state.reference), ALL_LEVERS, {});
      state.runs.defaultWorld = simulate(state.inputs.defaultWorld);
      state.defaultWorldOf = state.reference;
    }
  }

  function runUser() {
    state.inputs.user = inputsWith(state.start, state.values);
    state.runs.user = simulate(state.inputs.user);
  }

  function runKept() {
    for (const k of state.kept) {
      k.inputs = SET.inputsFor(scenario(k.start), ALL_LEVERS, Object.assign({}, k.world, k.values));
      k.run = simulate(k.inputs);
    }
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
      if (Object.keys(state.world).length || state.worldChanged) {
        runReference();
        state.worldChanged = Object.keys(state.world).length > 0;
      }
      runUser();
    } catch (err) {
      state.lastError = String(err.message || err);
      status("The model could not run with these settings: " + state.lastError, true);
      return;
    }
    state.lastError = null;
    drawExplore();
    showMetrics();
    const ms = performance.now() - t0;
    state.timings.push(ms);
    status("model run and redraw: " + ms.toFixed(1) + " ms");
    scheduleHash();
  }

  let hashTimer = null;
  function scheduleHash() {
    clearTimeout(hashTimer);
    hashTimer = setTimeout(writeHash, 150);
  }

  function keepRun() {
    if (state.kept.length >= MAX_KEPT) state.kept.shift();
    const moved = Object.keys(state.values).map((k) => {
      const l = ALL_LEVERS.find((x) => x.key === k);
      return l.label + " " + leverText(l, state.values[k], scenario(state.start).start);
    });
    const name = "run " + (state.keptCount = (state.keptCount || 0) + 1) + ": " + scenario(state.start).name + (moved.length ? ", " + moved.join(", ") : "");
    state.kept.push({ name: name, start: state.start, values: Object.assign({}, state.values), world: Object.assign({}, state.world) });
    runKept();
    drawExplore();
    showKept();
    writeHash();
  }

  function showKept() {
    const ul = $("kept");
    ul.innerHTML = "";
    state.kept.forEach((k, i) => {
      const li = document.createElement("li");
      li.innerHTML = '<span class="swatch" style="border-color:' + KEPT_COLOURS[i] + '"></span>';
      li.appendChild(document.createTextNode(k.name));
      ul.appendChild(li);
    });
    $("clear-kept").hidden = state.kept.length === 0;
  }

  function restartExplore() {
    showLevers();
    runReference();
    runUser();
    runKept();
    drawExplore();
    showMetrics();
    showKept();
  }

  function download() {
    const text = SET.scenarioToml(DATA.model, scenario(state.start), ALL_LEVERS, Object.assign({}, state.world, state.values), DATA.version);
    const slug = scenario(state.start).name.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, "");
    save(text, (slug || "scenario") + "_explorer.toml", "application/toml");
    return text;
  }

  function save(text, name, type) {
    const a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([text], { type: type }));
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(() => {
      URL.revokeObjectURL(a.href);
      a.remove();
    }, 1000);
  }

  // ---- play mode: the class is the regime's planner
  const gameCharts = [];
  const GAME_PANELS = DATA.panels.filter((p) => p.game);
  const gameBase = DATA.reference;

  function gameDecisionDefaults() {
    const last = state.game.decisions[state.game.decisions.length - 1];
    if (last) return Object.assign({}, last);
    return GAME.initialDecision(scenario(gameBase), DATA.game.levers, DATA.game.branch);
  }

  function buildGameControls() {
    const box = $("decisions");
    box.innerHTML = "";
    const war = document.createElement("fieldset");
    war.className = "war";
    war.innerHTML =
      '<legend>The war</legend><label><input type="radio" name="war" value="1" id="war-continue"> keep fighting</label>' +
      '<label><input type="radio" name="war" value="0" id="war-end"> end the war this turn</label>';
    box.appendChild(war);
    DATA.game.levers.filter((l) => !l.date).forEach((lever) => {
      const block = sliderBlock(lever, "game-" + lever.name, (value) => {
        state.game.pending[lever.name] = value;
        $("game-" + lever.name + "-value").textContent = shownText(lever, value);
      });
      const input = block.querySelector("input");
      input.removeAttribute("data-lever");
      input.dataset.decision = lever.name;
      box.appendChild(block);
    });
    war.addEventListener("change", (e) => (state.game.pending.war = Number(e.target.value)));
  }

  function showGameControls() {
    const g = state.game;
    g.pending = gameDecisionDefaults();
    const over = g.outcome && g.outcome.over;
    const atWar = GAME.atWar(g.decisions, scenario(gameBase), DATA.game.branch);
    $("war-continue").checked = g.pending.war === 1;
    $("war-end").checked = g.pending.war === 0;
    $("war-continue").disabled = $("war-end").disabled = !atWar || over;
    if (!atWar) g.pending.war = 0;
    DATA.game.levers.filter((l) => !l.date).forEach((lever) => {
      const input = $("game-" + lever.name);
      input.value = String(toSlider(lever, g.pending[lever.name]));
      input.disabled = over;
      $("game-" + lever.name + "-value").textContent = shownText(lever, g.pending[lever.name]);
      input.parentNode.querySelector(".note").textContent = "";
    });
    $("play-turn").disabled = over;
    $("undo").disabled = g.decisions.length === 0;
    $("turn-length").disabled = g.decisions.length > 0;
    $("download-log").disabled = g.decisions.length === 0;
  }

  function gameRun(decisions, months) {
    const inputs = GAME.inputs(inputsWith(gameBase, {}), DATA.game.levers, decisions, state.game.turn, DATA.game.branch, months);
    return { inputs: inputs, run: simulate(inputs) };
  }

  function playState() {
    const g = state.game, sc = scenario(gameBase);
    const now = GAME.nowMonth(g.decisions.length, g.turn, DATA.game.branch, sc.inputs.months);
    const r = gameRun(g.decisions, Math.max(now, 1));
    const outcome = GAME.outcome(r.run, THRESHOLD, DATA.game.branch, sc.inputs.months);
    return { now: now, run: r.run, inputs: r.inputs, outcome: outcome };
  }

  function drawGame() {
    const t0 = performance.now();
    const g = state.game, sc = scenario(gameBase);
    const p = playState();
    g.outcome = p.outcome;
    const x0 = years({ time: [0] }, sc.start)[0];
    const xrange = [x0, x0 + sc.inputs.months / 12];
    const runs = [{ name: "your decisions", run: p.run, inputs: p.inputs, start: sc.start, colour: COLOURS.user, width: 3, main: true }];
    GAME_PANELS.forEach((panel, k) => chart($("game-charts"), gameCharts, k, panel, runs, { height: 300, xrange: xrange, now: x0 + p.now / 12 }));
    fit(gameCharts);
    const when = monthName(sc.start, p.now);
    const turnNo = g.decisions.length + 1;
    $("game-status").textContent = p.outcome.over
      ? (p.outcome.crisis ? "Crisis in " + monthName(sc.start, p.outcome.crisisMonth) + ": instability above " + THRESHOLD + ". The game is over." : "The last month: the game is over.")
      : "Turn " + turnNo + ": " + when + ". Decide for the next " + g.turn + " months.";
    showGameControls();
    showLog(p);
    if (p.outcome.over) debrief(p);
    else $("debrief").hidden = true;
    const ms = performance.now() - t0;
    state.turnTimings.push(ms);
    writeHash();
    return ms;
  }

  function playTurn() {
    const g = state.game;
    if (g.outcome && g.outcome.over) return;
    g.decisions.push(Object.assign({}, g.pending));
    drawGame();
  }

  function undoTurn() {
    state.game.decisions.pop();
    drawGame();
  }

  function newGame() {
    state.game.decisions = [];
    drawGame();
  }

  function logRows(p) {
    return GAME.log(p.run, state.game.decisions, state.game.turn, DATA.game.branch, scenario(gameBase), DATA.game.levers);
  }

  function showLog(p) {
    const table = $("game-log");
    const rows = logRows(p);
    const levers = DATA.game.levers.filter((l) => !l.date);
    const head = ["Turn", "From", "War"].concat(levers.map((l) => l.label + (l.shown_units ? ", " + l.shown_units : "")))
      .concat(["Discontent (" + DATA.model.regions[0] + ")", "Instability risk"]);
    table.innerHTML = "<thead><tr>" + head.map(() => "<th></th>").join("") + "</tr></thead><tbody></tbody>";
    table.querySelectorAll("th").forEach((th, k) => (th.textContent = head[k]));
    const body = table.querySelector("tbody");
    for (const r of rows) {
      const tr = body.insertRow();
      const cells = [r.turn, monthName(scenario(gameBase).start, r.start_month), r.war ? "fighting" : "peace"]
        .concat(levers.map((l) => shownText(l, r[l.name]).replace(/ .*/, "")))
        .concat([fmt(r.discontent), fmt(r.instability_risk)]);
      for (const c of cells) tr.insertCell().textContent = String(c);
    }
  }

  function downloadLog() {
    const p = playState();
    const text = GAME.csv(logRows(p), DATA.game.levers, DATA.model.regions[0], DATA.illustrative, DATA.version, scenario(gameBase));
    save(text, "wardilemma_game_log.csv", "text/csv");
    return text;
  }

  const debriefCharts = [];
  function debrief(p) {
    const sc = scenario(gameBase);
    $("debrief").hidden = false;
    const end = p.outcome.crisis ? p.outcome.crisisMonth : sc.inputs.months;
    const runs = DATA.scenarios.map((s, i) => {
      const inputs = inputsWith(i, {});
      return { name: s.name, run: simulate(inputs), inputs: inputs, start: s.start, colour: SCENARIO_COLOURS[i % SCENARIO_COLOURS.length], width: 2 };
    });
    runs.push({ name: "your decisions", run: p.run, inputs: p.inputs, start: sc.start, colour: COLOURS.user, width: 4, main: true });
    const x0 = years({ time: [0] }, sc.start)[0];
    const xrange = [x0, x0 + sc.inputs.months / 12];
    const panels = [DATA.panels.find((x) => x.key === "discontent"), DATA.panels.find((x) => x.key === "mobilisation")].filter(Boolean);
    panels.forEach((panel, k) => chart($("debrief-charts"), debriefCharts, k, panel, runs, { height: 330, xrange: xrange }));
    // the worlds after the page has painted the rest of the debrief (a model run each)
    const token = (state.game.debriefToken = (state.game.debriefToken || 0) + 1);
    $("debrief-worlds").textContent = "";
    $("debrief-worlds-outcome").textContent = "Replaying your decisions in " + (DATA.game.worlds ? DATA.game.worlds.n : 0) + " uncertain worlds...";
    setTimeout(() => {
      if (token !== state.game.debriefToken || $("debrief").hidden) return;
      const t0 = performance.now();
      worldsChart(p, xrange);
      fit(debriefCharts);
      state.worldsTimings.push(performance.now() - t0);
    }, 30);
    fit(debriefCharts);
    const grew = GAME.driverGrowth(p.run, p.inputs, DATA.drivers, DATA.model.regions[0], DATA.game.branch, end);
    const top = grew[0];
    $("debrief-driver").textContent = top
      ? "The driver of discontent that grew most in the " + DATA.model.regions[0] + " during your game: " + top.label + " (inflow " + fmt(top.from) + " to " + fmt(top.to) + " index points a month)."
      : "";
    $("debrief-outcome").textContent = p.outcome.crisis
      ? "Your regime reached a crisis in " + monthName(sc.start, p.outcome.crisisMonth) + " (instability risk above " + THRESHOLD + ")."
      : "Your regime reached the end of the run without a crisis; highest instability risk " + fmt(p.outcome.peakRisk) + " (crisis above " + THRESHOLD + ").";
  }

  // the players' decisions replayed in the Monte Carlo's worlds: provincial discontent's spread
  function worldsChart(p, xrange) {
    const drawn = DATA.game.worlds, sc = scenario(gameBase), region = DATA.model.regions[0];
    if (!drawn) {
      trimCharts(debriefCharts, 2);
      $("debrief-worlds").textContent = "No uncertain worlds: " + sc.name + " has no [uncertainty] table to draw from.";
      $("debrief-worlds-outcome").textContent = "";
      $("debrief-worlds-list").hidden = true;
      return;
    }
    const skip = DATA.game.levers.map((l) => l.name);
    const inputs = GAME.worlds(p.inputs, drawn, skip);
    // only what is shown is recorded: the worlds cost a model run each
    const worldRuns = inputs.map((x) => MODEL.simulate(x, { record: ["discontent", "instability_risk"] }));
    const series = worldRuns.map((r) => MET.series(r, "discontent", region));
    const crises = worldRuns.filter((r) => GAME.outcome(r, THRESHOLD, DATA.game.branch, sc.inputs.months).crisis).length;
    $("debrief-worlds-outcome").textContent =
      "In " + crises + " of " + drawn.n + " uncertain worlds your decisions end in a crisis (instability risk above " + THRESHOLD + "); " +
      (p.outcome.crisis ? "in the page's world they did." : "in the page's world they did not.");
    const [lo, mid, hi] = GAME.percentiles(series, [10, 50, 90]);
    const own = MET.series(p.run, "discontent", region);
    const run = { time: p.run.time, regions: [region], width: { lo: 1, mid: 1, hi: 1, own: 1 }, data: { lo: lo, mid: mid, hi: hi, own: own } };
    const panel = {
      key: "worlds",
      title: "Your decisions in " + drawn.n + " uncertain worlds: discontent in the " + region,
      ylabel: "index (0 calm, 1 extreme)",
      y2label: "", threshold: null, ymin: 0, ymax: null, note: "",
      series: [
        { variable: "hi", label: "9 worlds in 10 are below", region: null, scale: 1, axis: "y" },
        { variable: "mid", label: "median world", region: null, scale: 1, axis: "y" },
        { variable: "lo", label: "9 worlds in 10 are above", region: null, scale: 1, axis: "y" },
        { variable: "own", label: "your game (the page's world)", region: null, scale: 1, axis: "y", colour: "#1a1a1a" },
      ],
    };
    const runs = [{ name: "your decisions", run: run, inputs: p.inputs, start: sc.start, colour: COLOURS.user, width: 3, main: true }];
    chart($("debrief-charts"), debriefCharts, 2, panel, runs, { height: 330, xrange: xrange });
    const held = drawn.parameters.filter((x) => skip.includes(x.name));
    const free = drawn.parameters.filter((x) => !skip.includes(x.name));
    const from = drawn.posterior ? "the [uncertainty] tables and the fit's posterior " + drawn.posterior : "the [uncertainty] table of " + (sc.file || sc.name);
    $("debrief-worlds").textContent =
      "Where the worlds come from: they are the first " + drawn.n + " members of the Monte Carlo study `wardilemma montecarlo " + DATA.game.study + (drawn.posterior ? " --posterior " + drawn.posterior.split(/[\\/]/).pop() : "") + "` (seed " + drawn.seed + ", " + drawn.sampler +
      " draws), drawn when this page was built from " + from + ": each of " + free.length + " uncertain parameters from the distribution its table declares. " +
      (held.length ? "Your decisions stay as you set them (" + held.map(plainName).join(", ") + " not drawn)." : "Your decisions stay as you set them.");
    const list = $("debrief-worlds-list");
    list.hidden = false;
    list.querySelector("summary").textContent = "The " + free.length + " drawn parameters and their distributions";
    const ul = list.querySelector("ul");
    ul.innerHTML = "";
    for (const x of free) {
      const li = document.createElement("li");
      li.textContent = plainName(x) + ": " + x.dist;
      li.title = x.name;
      ul.appendChild(li);
    }
  }

  function plainName(x) {
    const l = DATA.assumptions.concat(DATA.game.levers).find((a) => a.name === x.name);
    return l ? l.label : x.name.replace(/_/g, " ");
  }

  // ---- story mode
  const storyCharts = [];
  function storyRun(i) {
    const step = DATA.story.steps[i];
    const inputs = GAME.withParams(inputsWith(step.start, {}), step.levers);
    return { inputs: inputs, run: simulate(inputs), start: scenario(step.start).start };
  }

  function storyAgainst(i) {
    const step = DATA.story.steps[i];
    if (step.against >= 0) {
      const inputs = inputsWith(step.against, {});
      return { name: scenario(step.against).name, inputs: inputs, run: simulate(inputs), start: scenario(step.against).start };
    }
    if (i === 0) {
      const inputs = inputsWith(state.reference, {});
      return { name: scenario(state.reference).name, inputs: inputs, run: simulate(inputs), start: scenario(state.reference).start };
    }
    return Object.assign({ name: "step " + i + ": " + DATA.story.steps[i - 1].title.replace(/^\d+\.\s*/, "") }, storyRun(i - 1));
  }

  function drawStory() {
    if (!DATA.story) return;
    const s = state.story, step = DATA.story.steps[s.step];
    $("story-title").textContent = DATA.story.title + " (step " + (s.step + 1) + " of " + DATA.story.steps.length + ")";
    $("step-title").textContent = step.title;
    $("step-text").textContent = step.text;
    const set = Object.entries(step.levers).map(([k, v]) => {
      const l = DATA.game.levers.concat(DATA.levers).find((x) => x.name === k);
      return l ? l.label + ": " + leverText(l, v, scenario(step.start).start) : k + " = " + v;
    });
    $("step-levers").textContent = "Starting from " + scenario(step.start).name + (set.length ? ", with " + set.join("; ") : "") + ".";
    $("step-question").textContent = step.predict.question;
    document.querySelectorAll("#guess button").forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.guess === s.guess)));
    document.querySelectorAll("#far button").forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.far === s.far)));
    $("reveal").disabled = s.guess === null || s.revealed;
    $("step-prev").disabled = s.step === 0;
    $("step-next").disabled = s.step === DATA.story.steps.length - 1;
    const against = storyAgainst(s.step);
    const runs = [{ name: against.name, run: against.run, inputs: against.inputs, start: against.start, colour: COLOURS.reference, width: 2.5, main: !s.revealed }];
    if (s.revealed) {
      const mine = storyRun(s.step);
      runs.push({ name: "this step", run: mine.run, inputs: mine.inputs, start: mine.start, colour: COLOURS.user, width: 3.5, main: true });
      const r = GAME.compare(against.run, mine.run, step.predict, DATA.game.branch);
      const words = { up: "higher", down: "lower", same: "about the same" };
      $("step-answer").textContent =
        "The model: " + step.predict.measure + " " + step.predict.variable.replace(/_/g, " ") + (step.predict.region ? " (" + step.predict.region + ")" : "") + " " +
        fmt(r.after) + " against " + against.name + " " + fmt(r.before) + ", " + words[r.direction] + (r.direction === "same" ? "" : " (" + (r.change > 0 ? "+" : "") + fmt(100 * r.change) + " %)") +
        ". Your class predicted " + words[s.guess] + (s.guess === r.direction ? ": right" : ": wrong") +
        (s.far === null || r.direction === "same" ? "." : farText(s.far, r.change));
      $("step-explain").textContent = step.explain;
    } else {
      $("step-answer").textContent = "Predict first: which way will the line move against " + against.name + "? Then reveal.";
      $("step-explain").textContent = "";
    }
    const panels = step.panels.map((k) => DATA.panels.find((p) => p.key === k));
    const box = $("story-charts");
    const list = s.revealed ? panels.slice(0, 1).concat([DRIVERS_PANEL]) : panels;
    list.forEach((panel, k) => chart(box, storyCharts, k, panel, runs, { height: 360 }));
    trimCharts(storyCharts, list.length);
    fit(storyCharts);
    writeHash();
  }

  // how far the line moved against the class's guess ("a little": under 10 %)
  function farText(far, change) {
    const lot = Math.abs(change) >= 0.1;
    const said = far === "lot" ? "a lot" : "a little";
    return "; " + said + ((far === "lot") === lot ? ": right." : ": it moved " + (lot ? "a lot" : "a little") + ".");
  }

  // ---- modes
  function setMode(mode) {
    state.mode = mode;
    for (const m of ["explore", "play", "story"]) {
      $("mode-" + m).setAttribute("aria-pressed", String(m === mode));
      document.querySelectorAll("." + m + "-only").forEach((el) => (el.hidden = m !== mode));
    }
    if (mode === "explore") restartExplore();
    if (mode === "play") drawGame();
    if (mode === "story") drawStory();
    writeHash();
  }

  function copyLink() {
    writeHash();
    const text = location.href;
    const done = () => status("Link copied: opening it restores this page as it is now.");
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).then(done, () => status(text));
    else status(text);
    $("link").value = text;
  }

  // ---- start
  readHash();
  buildSelect($("start-scenario"), state.start);
  buildSelect($("reference-scenario"), state.reference);
  $("start-scenario").addEventListener("change", (e) => {
    // moved sliders stay moved: only the scenario under them changes
    state.start = Number(e.target.value);
    const n = Object.keys(state.values).length;
    restartExplore();
    if (n) status("Kept your " + n + " moved slider" + (n > 1 ? "s" : "") + " on the new scenario (Reset to clear).");
    writeHash();
  });
  $("reference-scenario").addEventListener("change", (e) => {
    state.reference = Number(e.target.value);
    runReference();
    drawExplore();
    showMetrics();
    writeHash();
  });
  $("reset").addEventListener("click", () => {
    state.values = {};
    state.world = {};
    state.worldChanged = true;
    showLevers();
    update();
  });
  $("keep").addEventListener("click", keepRun);
  $("clear-kept").addEventListener("click", () => {
    state.kept = [];
    drawExplore();
    showKept();
    writeHash();
  });
  $("download").addEventListener("click", download);
  $("copy-link").addEventListener("click", copyLink);
  for (const m of ["explore", "play", "story"]) $("mode-" + m).addEventListener("click", () => setMode(m));
  $("play-turn").addEventListener("click", playTurn);
  $("undo").addEventListener("click", undoTurn);
  $("new-game").addEventListener("click", newGame);
  $("download-log").addEventListener("click", downloadLog);
  const turnSelect = $("turn-length");
  for (const t of DATA.game.turns) {
    const o = document.createElement("option");
    o.value = String(t);
    o.textContent = t === 12 ? "a year" : t + " months";
    turnSelect.appendChild(o);
  }
  turnSelect.value = String(state.game.turn);
  turnSelect.addEventListener("change", () => {
    state.game.turn = Number(turnSelect.value);
    drawGame();
  });
  $("game-branch").textContent = monthName(scenario(gameBase).start, DATA.game.branch) + ", from " + scenario(gameBase).name;
  if (DATA.story) {
    document.querySelectorAll("#guess button").forEach((b) =>
      b.addEventListener("click", () => {
        if (state.story.revealed) return;
        state.story.guess = b.dataset.guess;
        drawStory();
      })
    );
    $("reveal").addEventListener("click", () => {
      state.story.revealed = true;
      drawStory();
      $("step-explain").scrollIntoView({ block: "nearest" }); // the answer in view on a projector
    });
    document.querySelectorAll("#far button").forEach((b) =>
      b.addEventListener("click", () => {
        if (state.story.revealed) return;
        state.story.far = b.dataset.far;
        drawStory();
      })
    );
    const go = (d) => {
      state.story = { step: state.story.step + d, guess: null, far: null, revealed: false };
      drawStory();
    };
    $("step-prev").addEventListener("click", () => go(-1));
    $("step-next").addEventListener("click", () => go(1));
  } else {
    $("mode-story").hidden = true;
  }
  $("provenance").textContent = DATA.scenarios.map((s) => (s.file || s.name) + " (sha256 " + s.sha256.slice(0, 8) + ")").join(", ");
  buildLevers();
  buildPanelPicker();
  buildGameControls();
  try {
    setMode(state.mode);
  } catch (err) {
    state.lastError = String(err.message || err);
    status("The model could not run: " + state.lastError, true);
  }
  let resizeTimer = null;
  window.addEventListener("resize", () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => {
      for (const list of [state.charts, gameCharts, debriefCharts, storyCharts]) {
        for (const c of list) c.plot.setSize(chartSize(c.el.parentNode, c.height));
      }
    }, 100);
  });
  // for tests and the curious: the state, the runs and the timings
  window.wardilemmaExplorer = {
    state: state,
    data: DATA,
    download: download,
    downloadLog: downloadLog,
    gameCharts: gameCharts,
    scenarioToml: () => SET.scenarioToml(DATA.model, scenario(state.start), ALL_LEVERS, Object.assign({}, state.world, state.values), DATA.version),
  };
})();
