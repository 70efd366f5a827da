// The runtime of every generated wardilemma model (wardilemma.export.javascript): the
// builtins, the schedules and the integrator, the same for every model. The generator writes
// SMALL, ILLUSTRATIVE and BOUND_TOLERANCE before this text and the model's `build` (its
// arrays, state layout and equations, from the engine plan) after it; `integrate` runs one.
// Illustrative model, not a forecast.


// ---- builtins, with the semantics of their NumPy functions (wardilemma.builtins)

// numpy.mod: the remainder takes the sign of the divisor
function pyMod(a, b) {
  let m = a % b;
  if (m !== 0 && (b < 0) !== (m < 0)) m += b;
  return m;
}

// numpy.interp: linear between points, clamped at both ends
function interp(x, table) {
  const xs = table[0], ys = table[1], n = xs.length;
  if (Number.isNaN(x)) return NaN;
  if (x >= xs[n - 1]) return ys[n - 1];
  if (x < xs[0]) return ys[0];
  let j = 0;
  while (j < n - 2 && xs[j + 1] <= x) j++;
  if (xs[j] === x) return ys[j];
  const slope = (ys[j + 1] - ys[j]) / (xs[j + 1] - xs[j]);
  let y = slope * (x - xs[j]) + ys[j];
  if (Number.isNaN(y)) {
    y = slope * (x - xs[j + 1]) + ys[j + 1];
    if (Number.isNaN(y) && ys[j] === ys[j + 1]) y = ys[j];
  }
  return y;
}

// every builtin of the table (wardilemma.builtins.BUILTINS, column js): a time builtin
// takes (t, dt, ...its arguments), omitted optional arguments filled by the generator

function ifThenElse(cond, a, b) {
  return cond !== 0 ? a : b;
}

function step(t, dt, height, start) {
  return t + dt / 2 > start ? height : 0;
}

function ramp(t, dt, slope, start, end) {
  return t + SMALL > start ? slope * (Math.min(end, t) - start) : 0;
}

function pulse(t, dt, magnitude, first, interval) {
  const single = first - SMALL <= t && t < first + dt / 2;
  const safe = interval > 0 ? interval : 1;
  const repeat = first <= t && pyMod(t - first + SMALL, safe) < dt / 2;
  return (interval > 0 ? repeat : single) ? magnitude / dt : 0;
}

function pulseTrain(t, dt, start, width, interval, end) {
  const inside = start <= t && t < end;
  const phase = pyMod(t - start + SMALL, interval > 0 ? interval : Infinity);
  return inside && phase < width ? 1 : 0;
}

// ---- schedules, as wardilemma.scenario.schedules.Schedule.value_at

function searchRight(times, x) {
  let i = 0;
  while (i < times.length && times[i] <= x) i++;
  return i;
}

// A schedule written after the ceasefire ({after: "ceasefire"}) counts its times from the
// ceasefire month, so it moves with it (the explorer's slider).
function scheduleSetter(spec, target, ceasefire) {
  const shift = spec.after === "ceasefire" ? ceasefire : 0;
  const times = spec.times.map((x) => x + shift), rows = spec.values;
  const linear = spec.interpolation === "linear";
  const w = target.length, base = Float64Array.from(target);
  const n = times.length;
  for (const row of rows) {
    if (row.length !== w) throw new Error("schedule rows must have " + w + " values");
  }
  return function (t) {
    if (t < times[0] - SMALL) {
      target.set(base);
      return;
    }
    if (!linear || t >= times[n - 1]) {
      const row = rows[searchRight(times, t + SMALL) - 1];
      for (let k = 0; k < w; k++) target[k] = row[k];
      return;
    }
    const i = Math.max(searchRight(times, t) - 1, 0);
    const f = (t - times[i]) / (times[i + 1] - times[i]);
    for (let k = 0; k < w; k++) target[k] = rows[i][k] * (1 - f) + rows[i + 1][k] * f;
  };
}

// ---- a run of a generated model, as wardilemma.engine.run.run_kernel

function integrate(model, input, options) {
  options = options || {};
  const regions = input.regions;
  const R = regions.length;
  const dt = +input.dt;
  const initial_time = +(input.initial_time || 0);
  const final_time = +input.months;
  const method = input.method || "euler";
  const saveEvery = +(input.save_every || 1);
  const P = input.params || {};
  const SCHED = input.schedules || {};
  const REGIONAL = model.REGIONAL, VARIABLES = model.VARIABLES, STOCKS = model.STOCKS;
  const STOCK_NAMES = Object.fromEntries(STOCKS.map((n) => [n, true]));
  const BOUNDS = model.BOUNDS;
  const width = (name) => (REGIONAL.has(name) ? R : 1);

  function parameter(name) {
    const given = P[name];
    if (given === undefined) throw new Error("no value for parameter " + name);
    const values = typeof given === "number" ? [given] : given;
    const w = width(name);
    const out = new Float64Array(w);
    for (let k = 0; k < w; k++) out[k] = +values[values.length === 1 ? 0 : k];
    if (values.length !== 1 && values.length !== w) {
      throw new Error("parameter " + name + " needs 1 or " + w + " values");
    }
    return out;
  }
  const built = model.build({ R: R, dt: dt, initial_time: initial_time, final_time: final_time,
                              parameter: parameter, width: width, schedules: SCHED });
  const arrays = built.arrays, offsets = built.offsets, N = built.N;
  const evaluate = built.evaluate, derivatives = built.derivatives;
  const initialState = built.initialState;
  function rates(y, t, d) {
    evaluate(y, t);
    derivatives(y, t, d);
  }

  // ---- integration
  if (!(dt > 0) || !(final_time > initial_time)) {
    throw new Error("need dt > 0 and final time after start (dt=" + dt + ")");
  }
  const nSteps = Math.round((final_time - initial_time) / dt);
  if (Math.abs(nSteps * dt - (final_time - initial_time)) > 1e-9 * Math.max(1, final_time)) {
    throw new Error("the run length is not a multiple of dt=" + dt);
  }
  const stride = Math.round(saveEvery / dt);
  if (stride < 1 || Math.abs(stride * dt - saveEvery) > 1e-9) {
    throw new Error("save_every must be a positive multiple of dt=" + dt);
  }
  if (method !== "euler" && method !== "rk4") throw new Error("unknown method " + method);
  const record = options.record || VARIABLES;
  for (const name of record) {
    if (!(name in arrays) && !(name in STOCK_NAMES)) throw new Error("cannot record " + name);
  }
  const nSaved = Math.floor(nSteps / stride) + 1;
  const time = new Float64Array(nSaved);
  const data = {};
  for (const name of record) data[name] = new Float64Array(nSaved * width(name));
  // checked as written, as the Python kernels do: what is recorded, then the stocks that
  // are not; each value finite, a declared stock within its bounds (a tolerance of
  // BOUND_TOLERANCE of its first value)
  const checked = record.concat(STOCKS.filter((n) => !record.includes(n)));
  const tolerance = {};
  function check(name, values, k, month) {
    const w = values.length;
    if (k === 0) {
      const tol = new Float64Array(w);
      for (let q = 0; q < w; q++) {
        const a = Math.abs(values[q]);
        tol[q] = BOUND_TOLERANCE * (a > 1 ? a : 1);
      }
      tolerance[name] = tol;
    }
    const tol = tolerance[name], b = BOUNDS[name];
    for (let q = 0; q < w; q++) {
      const x = values[q];
      const where = REGIONAL.has(name) ? name + "[" + regions[q] + "]" : name;
      let what = "";
      if (Number.isNaN(x)) what = where + " became NaN";
      else if (!Number.isFinite(x)) what = where + " became infinite";
      else if (b && b[0] !== null && x < b[0] - tol[q]) {
        what = where + " went below its lower bound " + b[0] + " (value " + +x.toPrecision(6) + ")";
      } else if (b && b[1] !== null && x > b[1] + tol[q]) {
        what = where + " went above its upper bound " + b[1] + " (value " + +x.toPrecision(6) + ")";
      }
      if (what) throw new Error(what + " at month " + month + ".");
    }
  }

  let y = initialState();
  const k1 = new Float64Array(N);
  const k2 = new Float64Array(N), k3 = new Float64Array(N), k4 = new Float64Array(N);
  const tmp = new Float64Array(N);
  for (let i = 0; i <= nSteps; i++) {
    const t = initial_time + i * dt;
    rates(y, t, k1);
    if (i % stride === 0) {
      const k = i / stride;
      time[k] = t;
      for (const name of record) {
        const w = width(name), out = data[name];
        if (name in STOCK_NAMES) {
          const off = offsets[name];
          for (let q = 0; q < w; q++) out[k * w + q] = y[off + q];
        } else {
          const src = arrays[name];
          for (let q = 0; q < w; q++) out[k * w + q] = src[q];
        }
      }
      for (const name of checked) {
        const w = width(name);
        const values = name in data ? data[name].subarray(k * w, (k + 1) * w)
          : y.subarray(offsets[name], offsets[name] + w);
        check(name, values, k, t);
      }
    }
    if (i === nSteps) break;
    const next = new Float64Array(N);
    if (method === "euler") {
      for (let q = 0; q < N; q++) next[q] = y[q] + dt * k1[q];
    } else {
      for (let q = 0; q < N; q++) tmp[q] = y[q] + (dt / 2) * k1[q];
      rates(tmp, t + dt / 2, k2);
      for (let q = 0; q < N; q++) tmp[q] = y[q] + (dt / 2) * k2[q];
      rates(tmp, t + dt / 2, k3);
      for (let q = 0; q < N; q++) tmp[q] = y[q] + dt * k3[q];
      rates(tmp, t + dt, k4);
      for (let q = 0; q < N; q++) {
        next[q] = y[q] + (dt / 6) * (k1[q] + 2 * k2[q] + 2 * k3[q] + k4[q]);
      }
    }
    y = next;
  }
  const widths = {};
  for (const name of record) widths[name] = width(name);
  return { time: time, regions: regions.slice(), data: data, width: widths,
           branch: +(input.branch || 0) };
}
