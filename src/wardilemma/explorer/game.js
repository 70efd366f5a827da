/* The explorer's game and story, as pure functions (no page), so a test runs them under Node.
   The class plays the regime's planner from the branch month (where the page's scenarios
   part). Each turn's decisions become step schedules of the levers from that turn's first
   month; before the branch every lever follows the base scenario (sampled month by month).
   Ending the war sets the ceasefire at the start of the turn; it cannot be undone except
   with "undo". Illustrative model, not a forecast. */
var WardilemmaGame = (function () {
  "use strict";
  const SMALL = 1e-9;

  function clone(x) {
    return JSON.parse(JSON.stringify(x));
  }

  // a lever's value at month t in inputs (its schedule, else its base), one column
  function valueAt(inputs, name, t, col) {
    const base = inputs.params[name][col];
    const s = inputs.schedules[name];
    if (!s || t < s.times[0] - SMALL) return base;
    const times = s.times, n = times.length;
    let i = 0;
    while (i < n && times[i] <= t + SMALL) i++;
    if (s.interpolation !== "linear" || i >= n) return s.values[i - 1][col];
    const f = (t - times[i - 1]) / (times[i] - times[i - 1]);
    return s.values[i - 1][col] * (1 - f) + s.values[i][col] * f;
  }

  function firstColumn(inputs, lever) {
    return lever.region === null ? 0 : Math.max(inputs.regions.indexOf(lever.region), 0);
  }

  // The decisions a game starts with: the base scenario's values at the branch month.
  function initialDecision(scenario, levers, branch) {
    const inputs = scenario.inputs;
    const d = { war: inputs.params.ceasefire_month[0] > branch ? 1 : 0 };
    for (const l of levers) if (!l.date) d[l.name] = valueAt(inputs, l.name, branch, firstColumn(inputs, l));
    return d;
  }

  // Decisions read from a link: a list of objects with a number for every decision.
  function checkDecisions(list, levers) {
    if (!Array.isArray(list)) return [];
    const out = [];
    for (const d of list) {
      if (d === null || typeof d !== "object") break;
      const row = { war: d.war === 0 ? 0 : 1 };
      let ok = true;
      for (const l of levers) {
        if (l.date) continue;
        const v = d[l.name];
        if (!Number.isFinite(v) || v < l.allowed[0] || v > l.allowed[1]) ok = false;
        row[l.name] = v;
      }
      if (!ok) break;
      out.push(row);
    }
    return out;
  }

  function nowMonth(n, turn, branch, months) {
    return Math.min(branch + n * turn, months);
  }

  function atWar(decisions, scenario, branch) {
    return scenario.inputs.params.ceasefire_month[0] > branch && !decisions.some((d) => d.war === 0);
  }

  /* The model's inputs for a game: `base` (the base scenario's inputs, with the world view),
     the decisions of each turn as step schedules from the branch, run for `months`. */
  function inputs(base, levers, decisions, turn, branch, months) {
    const out = clone(base);
    const R = out.regions.length;
    const before = [];
    for (let t = 0; t < branch; t++) before.push(t);
    for (const l of levers) {
      if (l.date) {
        const original = base.params[l.name][0];
        if (original <= branch) continue;
        const k = decisions.findIndex((d) => d.war === 0);
        out.params[l.name] = [k >= 0 ? branch + k * turn : l.allowed[1]];
        delete out.schedules[l.name];
        continue;
      }
      const col = firstColumn(base, l);
      const width = base.params[l.name].length;
      const atBranch = [];
      for (let c = 0; c < width; c++) atBranch.push(valueAt(base, l.name, branch, c));
      const times = [], values = [];
      if (base.schedules[l.name]) {
        for (const t of before) {
          times.push(t);
          const row = [];
          for (let c = 0; c < width; c++) row.push(valueAt(base, l.name, t, c));
          values.push(row);
        }
      }
      decisions.forEach((d, k) => {
        const ratio = atBranch[col] !== 0 ? d[l.name] / atBranch[col] : null;
        const row = [];
        for (let c = 0; c < width; c++) row.push(c === col || ratio === null ? d[l.name] : atBranch[c] * ratio);
        times.push(branch + k * turn);
        values.push(row);
      });
      if (times.length) out.schedules[l.name] = { times: times, values: values, interpolation: "step" };
      if (width !== 1 && width !== R) throw new Error(l.name + ": unexpected width");
    }
    out.months = months;
    return out;
  }

  function series(run, name, region) {
    const w = run.width[name], a = run.data[name], n = run.time.length;
    const c = w === 1 ? 0 : run.regions.indexOf(region);
    const out = new Float64Array(n);
    for (let k = 0; k < n; k++) out[k] = a[k * w + c];
    return out;
  }

  // Crisis: instability above the threshold after the branch; over at a crisis or the last month.
  function outcome(run, threshold, branch, months) {
    const risk = series(run, "instability_risk", null);
    let crisisMonth = null, peak = 0;
    for (let k = 0; k < run.time.length; k++) {
      if (run.time[k] < branch) continue;
      peak = Math.max(peak, risk[k]);
      if (crisisMonth === null && risk[k] > threshold) crisisMonth = run.time[k];
    }
    const last = run.time[run.time.length - 1];
    return { crisis: crisisMonth !== null, crisisMonth: crisisMonth, over: crisisMonth !== null || last >= months - SMALL, peakRisk: peak };
  }

  function at(run, name, region, month) {
    const s = series(run, name, region);
    let k = 0;
    while (k < run.time.length - 1 && run.time[k] < month - SMALL) k++;
    return s[k];
  }

  // The decision log: a row per turn with the decisions and the state at the turn's end.
  function log(run, decisions, turn, branch, scenario, levers) {
    const region = scenario.inputs.regions[0];
    const last = run.time[run.time.length - 1];
    return decisions.map((d, k) => {
      const from = branch + k * turn, to = Math.min(from + turn, last);
      const row = { turn: k + 1, start_month: from, end_month: to, war: d.war };
      for (const l of levers) if (!l.date) row[l.name] = d[l.name];
      row.region = region;
      row.discontent = at(run, "discontent", region, to);
      row.national_discontent = at(run, "national_discontent", null, to);
      row.instability_risk = at(run, "instability_risk", null, to);
      row.nationalist_mobilisation = at(run, "nationalist_mobilisation", null, to);
      row.reserve_fund = at(run, "reserve_fund", null, to);
      return row;
    });
  }

  const OUTCOMES = ["discontent", "national_discontent", "instability_risk", "nationalist_mobilisation", "reserve_fund"];

  // The log as CSV: '#' lines (caveat, units, scenario), then one row per turn.
  function csv(rows, levers, region, illustrative, version, scenario) {
    const decisions = levers.filter((l) => !l.date);
    const head = ["turn", "start_month", "end_month", "date", "war"].concat(decisions.map((l) => l.name)).concat(OUTCOMES);
    const units = decisions.map((l) => l.name + " in " + l.units).join("; ");
    const lines = [
      "# wardilemma game log (wardilemma " + version + "): " + illustrative,
      "# base scenario: " + scenario.name + "; start " + scenario.start + "; months since the start; war 1 = fighting, 0 = ended",
      "# units: " + units + "; discontent is for the region " + region + " (index 0-1); reserve_fund in trnRUB",
      head.join(","),
    ];
    for (const r of rows) {
      const label = WardilemmaMetrics.monthLabel(scenario.start, r.start_month);
      const cells = [r.turn, r.start_month, r.end_month, label, r.war].concat(decisions.map((l) => r[l.name])).concat(OUTCOMES.map((n) => r[n]));
      lines.push(cells.map(String).join(","));
    }
    return lines.join("\n") + "\n";
  }

  // Each driver of discontent's inflow at the branch and at its highest up to `end`, sorted
  // by the rise (largest first).
  function driverGrowth(run, inputs, drivers, region, branch, end) {
    const d = series(run, "discontent", region);
    const out = drivers.map((dr) => {
      const g = series(run, dr.variable, run.width[dr.variable] === 1 ? null : region);
      const s = dr.saturation ? series(run, dr.saturation, run.width[dr.saturation] === 1 ? null : region) : null;
      const sens = inputs.params[dr.sensitivity][0];
      let from = null, to = -Infinity;
      for (let k = 0; k < run.time.length; k++) {
        const t = run.time[k];
        if (t < branch - SMALL || t > end + SMALL) continue;
        const v = (1 - d[k]) * (s ? s[k] : 1) * sens * g[k];
        if (from === null) from = v;
        to = Math.max(to, v);
      }
      return { label: dr.label, variable: dr.variable, from: from, to: to, rise: to - from };
    });
    return out.filter((x) => x.from !== null).sort((a, b) => b.rise - a.rise);
  }

  // inputs with national or every-region values set (a story step's levers)
  function withParams(base, params) {
    const out = clone(base);
    for (const [name, v] of Object.entries(params)) {
      out.params[name] = out.params[name].map(() => v);
      delete out.schedules[name];
    }
    return out;
  }

  // A story's prediction measured: the line's peak from `from` (the branch: the history
  // before it is shared, as the summary metrics take it) or its last value, before and after.
  function compare(before, after, predict, from) {
    const measure = (run) => {
      const s = series(run, predict.variable, run.width[predict.variable] === 1 ? null : predict.region);
      if (predict.measure === "end") return s[s.length - 1];
      let m = -Infinity;
      for (let k = 0; k < s.length; k++) if (run.time[k] >= (from || 0) - 1e-9) m = Math.max(m, s[k]);
      return m;
    };
    const b = measure(before), a = measure(after);
    const change = (a - b) / Math.max(Math.abs(b), 1e-12);
    return { before: b, after: a, change: change, direction: Math.abs(change) < 0.02 ? "same" : change > 0 ? "up" : "down" };
  }

  /* The same inputs in the worlds of a Monte Carlo study, drawn when the page was built
     (wardilemma.explorer.worlds): world k sets each drawn parameter to its k-th value, in
     the regions its [uncertainty] table names (every region when it names none). No random
     numbers here: these are the members `wardilemma montecarlo` runs. The parameters in
     `skip` (the levers the players set) keep the players' values. */
  function worlds(inputs, drawn, skip) {
    const out = [];
    for (let k = 0; k < drawn.n; k++) {
      const w = clone(inputs);
      for (const p of drawn.parameters) {
        if (skip.includes(p.name) || !(p.name in w.params)) continue;
        const v = p.values[k], width = w.params[p.name].length;
        if (p.regions === null || width === 1) w.params[p.name] = w.params[p.name].map(() => v);
        else for (const r of p.regions) {
          const c = w.regions.indexOf(r);
          if (c >= 0) w.params[p.name][c] = v;
        }
      }
      out.push(w);
    }
    return out;
  }

  // Percentiles (0-100) over runs of one trajectory, month by month.
  function percentiles(series, qs) {
    const n = series[0].length;
    const out = qs.map(() => new Float64Array(n));
    const col = new Float64Array(series.length);
    for (let t = 0; t < n; t++) {
      for (let m = 0; m < series.length; m++) col[m] = series[m][t];
      col.sort();
      qs.forEach((q, j) => {
        const x = (q / 100) * (col.length - 1), i = Math.floor(x), f = x - i;
        out[j][t] = i + 1 < col.length ? col[i] * (1 - f) + col[i + 1] * f : col[i];
      });
    }
    return out;
  }

  return {
    atWar: atWar,
    percentiles: percentiles,
    worlds: worlds,
    checkDecisions: checkDecisions,
    compare: compare,
    csv: csv,
    driverGrowth: driverGrowth,
    initialDecision: initialDecision,
    inputs: inputs,
    log: log,
    nowMonth: nowMonth,
    outcome: outcome,
    valueAt: valueAt,
    withParams: withParams,
  };
})();
if (typeof module !== "undefined") module.exports = WardilemmaGame;
