/* The metrics of a run, mirroring wardilemma/metrics.py (each defined there once, with its
   label, units and definition, which the page reads from its data). A test runs this file
   under Node on every shipped scenario and compares it with the Python metrics.
   Illustrative model, not a forecast. */
var WardilemmaMetrics = (function () {
  "use strict";

  // One trajectory: a region of a regional variable, or a national variable.
  function series(run, name, region) {
    const w = run.width[name], a = run.data[name], n = run.time.length;
    if (a === undefined) throw new Error(name + " was not recorded");
    const c = w === 1 ? 0 : run.regions.indexOf(region);
    if (c < 0) throw new Error("unknown region " + region);
    const out = new Float64Array(n);
    for (let k = 0; k < n; k++) out[k] = a[k * w + c];
    return out;
  }

  // A regional variable for one region, or summed over regions when region is null.
  function total(run, name, region) {
    if (region !== null) return series(run, name, region);
    const w = run.width[name], a = run.data[name], n = run.time.length;
    const out = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      let s = a[k * w];
      for (let c = 1; c < w; c++) s += a[k * w + c];
      out[k] = s;
    }
    return out;
  }

  function discontent(run, region) {
    return region === null ? series(run, "national_discontent") : series(run, "discontent", region);
  }

  function max(a) {
    let m = -Infinity;
    for (const x of a) {
      if (Number.isNaN(x)) return NaN;
      if (x > m) m = x;
    }
    return m;
  }

  function argmax(a) {
    let j = 0;
    for (let k = 1; k < a.length; k++) if (a[k] > a[j]) j = k;
    return j;
  }

  // Integral of a flow in units per year over time in months: trapezoid rule.
  function integralPerYear(time, flow) {
    if (time.length < 2) return 0;
    let s = 0;
    for (let k = 1; k < time.length; k++) s += ((time[k] - time[k - 1]) * (flow[k] + flow[k - 1])) / 2;
    return s / 12;
  }

  function firstMonth(time, condition) {
    for (let k = 0; k < time.length; k++) if (condition(k)) return time[k];
    return null;
  }

  // Months during which values exceed the threshold (an interval counts by its start).
  function monthsAbove(time, values, threshold) {
    let s = 0;
    for (let k = 0; k < time.length - 1; k++) if (values[k] > threshold) s += time[k + 1] - time[k];
    return s;
  }

  // Largest fall from a running peak to a later value, in percent of that peak.
  function maxDrawdownPct(values) {
    if (values.length === 0) return 0;
    let peak = -Infinity, worst = -Infinity;
    for (const v of values) {
      peak = Math.max(peak, v);
      const drop = peak > 0 ? (peak - v) / peak : 0;
      worst = Math.max(worst, drop);
    }
    return 100 * worst;
  }

  function makeCompute(C) {
    return {
      peak_discontent: (r, g) => max(discontent(r, g)),
      peak_discontent_month: (r, g) => r.time[argmax(discontent(r, g))],
      months_unstable: (r) =>
        monthsAbove(r.time, series(r, "instability_risk"), C.instability_threshold),
      peak_instability_risk: (r) => max(series(r, "instability_risk")),
      final_mobilisation: (r) => {
        const m = series(r, "nationalist_mobilisation");
        return m[m.length - 1];
      },
      peak_mobilisation: (r) => max(series(r, "nationalist_mobilisation")),
      consumption_drop_pct: (r, g) => maxDrawdownPct(total(r, "consumption", g)),
      peak_relative_deprivation: (r, g) => {
        if (g !== null) return max(series(r, "relative_deprivation", g));
        const c = total(r, "consumption", null), a = total(r, "aspiration", null);
        return max(a.map((x, k) => (x > 0 ? Math.max(x - c[k], 0) / x : 0)));
      },
      ceasefire_month: (r) => {
        const w = series(r, "at_war");
        return firstMonth(r.time, (k) => w[k] < 0.5);
      },
      reserves_out_month: (r) => {
        const f = series(r, "reserve_fund");
        const floor = C.reserves_empty_fraction * Math.max(f[0], 0);
        return firstMonth(r.time, (k) => f[k] <= floor);
      },
      peak_inflation_pct: (r) => 100 * max(series(r, "inflation")),
      cumulative_casualties: (r, g) => {
        const c = total(r, "casualties", g);
        return c[c.length - 1] - c[0];
      },
      peak_veterans: (r, g) => max(total(r, "veterans", g)),
      war_spending_total: (r) => integralPerYear(r.time, series(r, "military_spending")),
      war_payouts_total: (r, g) => integralPerYear(r.time, total(r, "war_payouts", g)),
    };
  }

  /* The run from its branch on (where the future starts after the history), as
     Results.branch_index: the whole run without a branch or when it ends before it. */
  function fromBranch(run) {
    let b = 0;
    while (b < run.time.length && run.time[b] < (run.branch || 0) - 1e-9) b++;
    if (b >= run.time.length - 1) b = 0;
    if (b === 0) return run;
    const data = {};
    for (const name in run.data) data[name] = run.data[name].slice(b * run.width[name]);
    return Object.assign({}, run, { time: run.time.slice(b), data: data });
  }

  /* Metrics of a run, from its branch on: [{name, region, value}], region "" for national metrics and
     "all regions" for the whole-country value of a regional one (as compute_metrics).
     `specs` are the page's metric descriptions; `C` holds the thresholds. Metrics whose
     variables were not recorded, or that have no JavaScript form, are skipped. */
  function compute(whole, specs, C, regions) {
    const fns = makeCompute(C);
    const run = fromBranch(whole);
    const out = [];
    for (const m of specs) {
      const fn = fns[m.name];
      if (fn === undefined || !m.needs.every((n) => n in run.data)) continue;
      const targets = m.regional ? [null].concat(regions || run.regions) : [null];
      for (const g of targets) {
        const label = m.regional ? (g === null ? "all regions" : g) : "";
        out.push({ name: m.name, region: label, value: fn(run, g) });
      }
    }
    return out;
  }

  // "2025-01" plus offset months, as "YYYY-MM" (fractions are floored).
  function monthLabel(start, offset) {
    const parts = start.split("-").map(Number);
    const t = parts[0] * 12 + (parts[1] - 1) + Math.floor(offset + 1e-9);
    const y = Math.floor(t / 12), m = t - 12 * y + 1;
    return String(y).padStart(4, "0") + "-" + String(m).padStart(2, "0");
  }

  function thousands(x) {
    const text = Math.abs(x).toFixed(0);
    const grouped = text.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return (x < 0 ? "-" : "") + grouped;
  }

  // Python's format(x, "g") with `digits` significant digits (keep zeros when `alt`).
  function gFormat(x, digits, alt) {
    if (x === 0) return alt ? (0).toFixed(digits - 1) : "0";
    const exp = Math.floor(Math.log10(Math.abs(Number(x.toPrecision(digits)))));
    let text;
    if (exp < -4 || exp >= digits) {
      text = x.toExponential(digits - 1);
      if (!alt) text = text.replace(/\.?0+e/, "e");
      text = text.replace(/e([+-])(\d)$/, "e$10$2");
    } else {
      text = x.toFixed(Math.max(digits - 1 - exp, 0));
      if (!alt && text.includes(".")) text = text.replace(/\.?0+$/, "");
    }
    return text;
  }

  // A metric value as text, as wardilemma.metrics.format_value.
  function formatValue(metric, value, start) {
    if (value === null || value === undefined) return "none";
    if (metric.kind === "month") return monthLabel(start, value);
    if (metric.units === "persons") return thousands(value);
    if (metric.units === "months") return gFormat(value, 6, false);
    if (Math.abs(value) >= 100) return thousands(value);
    if (Math.abs(value) >= 10) return value.toFixed(1);
    return gFormat(value, 3, true);
  }

  return { compute: compute, formatValue: formatValue, monthLabel: monthLabel, series: series, total: total };
})();
if (typeof module !== "undefined") module.exports = WardilemmaMetrics;
