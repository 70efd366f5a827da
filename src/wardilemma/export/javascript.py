"""The JavaScript backend: the model as a plain JavaScript program, generated from the same
validated expression trees as the NumPy kernel.

One small emitter walks each tree of :attr:`Model.engine_equations` (stateful builtins
already expanded into hidden stocks by :mod:`wardilemma.model.compiler`), as SDEverywhere
does per target. Nothing here knows the war-economy model: every stock, flow, auxiliary,
lookup and builtin comes from the definition, so the program follows the model when its
equations change. It is never generated from raw equation text.

The program defines one global, ``WardilemmaModel`` (also ``module.exports`` under Node),
with a ``simulate(input, options)`` function. It has no dependency and no I/O, and follows
the engine's semantics exactly (:mod:`wardilemma.engine.run`):

* regions are a run-time dimension: a national variable is a ``Float64Array(1)``, a
  regional one a ``Float64Array(R)``, and a regional equation is a loop over regions;
  ``sum_regions`` adds region by region in order, as the engine does;
* every auxiliary is recomputed at each evaluation (the engine computes the constant ones
  once; the values are the same);
* the builtins reproduce :func:`wardilemma.language.compile_numpy`: ``step`` switches on at
  ``time + dt/2 > start``, ``pulse`` and ``pulse_train`` use NumPy's floor modulo and the
  ``1e-6`` tolerance, lookups interpolate as ``numpy.interp`` (clamped at the ends);
* schedules behave as :class:`wardilemma.scenario.schedules.Schedule`; initial values may refer to
  any variable (evaluated in dependency order, stocks at their initial values);
* Euler (and RK4) with a fixed step, time ``t0 + i dt``, recording at each saved time the
  values computed for the first stage, as :func:`wardilemma.engine.run.run_kernel`, and
  checking them as they are written, as the compiled kernel does: a value that is not
  finite, or a declared stock outside its bounds, stops the run with an error that names
  the variable, the region and the month.

Illustrative model, not a forecast.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from wardilemma.engine.checks import BOUND_TOLERANCE
from wardilemma.language import (
    SMALL,
    BinOp,
    Call,
    Compare,
    EquationError,
    Neg,
    Node,
    Num,
    Ref,
    references,
)
from wardilemma.model.compiler import Model, ModelError, is_regional
from wardilemma.text import ILLUSTRATIVE

__all__ = ["emit_expression", "generate_model_js", "js_inputs"]

_BUILTIN_REFS = {
    "time": "t",
    "dt": "dt",
    "initial_time": "initial_time",
    "final_time": "final_time",
}
_CMP = {"<": "<", "<=": "<=", ">": ">", ">=": ">=", "==": "===", "!=": "!=="}
_UNARY = {"exp": "Math.exp", "ln": "Math.log", "abs": "Math.abs", "sqrt": "Math.sqrt"}
_HELPERS = {"step": "step", "ramp": "ramp", "pulse": "pulse", "pulse_train": "pulseTrain"}


def _number(value: float) -> str:
    """A float as a JavaScript literal that parses to the same double."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "(-Infinity)"
    return repr(float(value))


def var(name: str) -> str:
    """JavaScript identifier of a variable's array (prefixed: model names may be JS words)."""
    return f"v_{name}"


def _offset(name: str) -> str:
    """JavaScript identifier of a stock's offset in the state vector."""
    return f"S_{name}"


@dataclass
class _Emitter:
    """Emit JavaScript expressions for trees of one model, collecting the temporaries that
    ``sum_regions`` and ``mean_regions`` need (computed before the statement that uses them).

    Attributes
    ----------
    regional
        Names with the region dimension.
    stocks
        Names held in the state vector ``y`` (declared and hidden stocks).
    lookups
        Names of graphical functions.
    """

    regional: frozenset[str]
    stocks: frozenset[str]
    lookups: frozenset[str]
    prelude: list[str] = field(default_factory=list)
    _sums: dict[tuple[str, Node], str] = field(default_factory=dict)
    _count: int = 0

    def statement(self, target: str, node: Node, *, regional: bool, into: str = "") -> str:
        """``target = node`` for every region (or once): a block with its temporaries.

        ``target`` is a variable's array, or with ``into`` (``"y"`` or ``"d"``) a stock's
        offset in the state vector or its derivative.
        """
        self.prelude, self._sums = [], {}
        index = "r" if regional else "0"
        value = self.expr(node, index)
        lhs = f"{into}[{target} + {index}]" if into else f"{target}[{index}]"
        body = f"{lhs} = {value};"
        if regional:
            body = f"for (let r = 0; r < R; r++) {body}"
        if not self.prelude:
            return body
        return "{ " + " ".join([*self.prelude, body]) + " }"

    def expr(self, node: Node, index: str) -> str:
        """A JavaScript expression of ``node`` at region ``index`` (a JS expression)."""
        match node:
            case Num(value):
                return _number(value)
            case Ref(name) if name in _BUILTIN_REFS:
                return _BUILTIN_REFS[name]
            case Ref(name):
                at = index if name in self.regional else "0"
                if name in self.stocks:
                    return f"y[{_offset(name)} + {at}]"
                return f"{var(name)}[{at}]"
            case Neg(operand):
                return f"(-{self.expr(operand, index)})"
            case BinOp(op, left, right):
                js_op = "**" if op == "**" else op
                return f"({self.expr(left, index)} {js_op} {self.expr(right, index)})"
            case Compare(op, left, right):
                return f"({self.expr(left, index)} {_CMP[op]} {self.expr(right, index)} ? 1 : 0)"
            case Call(func, (arg,)) if func in self.lookups:
                return f"interp({self.expr(arg, index)}, LOOKUPS.{func})"
            case Call("sum_regions" | "mean_regions" as func, (arg,)):
                if not is_regional(arg, self.regional):
                    return self.expr(arg, "0")  # over a national value: the value itself
                total = self._sum(arg)
                return f"({total} / R)" if func == "mean_regions" else total
            case Call(func, args):
                return self._call(func, [self.expr(a, index) for a in args])
        raise EquationError("?", "cannot emit JavaScript for", repr(node))

    def _sum(self, arg: Node) -> str:
        """A temporary holding the sum over regions of ``arg``, added region by region."""
        key = ("sum", arg)
        if key not in self._sums:
            self._count += 1
            name, q = f"s{self._count}", f"q{self._count}"
            first, each = self.expr(arg, "0"), self.expr(arg, q)
            self.prelude.append(
                f"let {name} = {first}; for (let {q} = 1; {q} < R; {q}++) {name} = {name} + {each};"
            )
            self._sums[key] = name
        return self._sums[key]

    def _call(self, func: str, args: list[str]) -> str:
        if func in _UNARY:
            return f"{_UNARY[func]}({args[0]})"
        if func in ("min", "max"):
            return f"Math.{func}({args[0]}, {args[1]})"
        if func == "if_then_else":
            return f"({args[0]} !== 0 ? {args[1]} : {args[2]})"
        if func in _HELPERS:
            needs_dt = func in ("step", "pulse")
            head = ["t", "dt"] if needs_dt else ["t"]
            return f"{_HELPERS[func]}({', '.join([*head, *args])})"
        raise EquationError("?", f"function {func} has no JavaScript form", func)


def emit_expression(node: Node, model: Model, *, index: str = "r") -> str:
    """JavaScript for one expression tree of ``model`` at region ``index``.

    Parameters
    ----------
    node
        A tree with stateful builtins expanded (:attr:`Model.engine_equations`).
    model
        The model whose names the tree uses (for the region dimension and the stocks).
    index
        JavaScript expression of the region index used for regional names.

    Raises
    ------
    EquationError
        For a tree that needs temporaries (``sum_regions`` of a regional expression):
        those are emitted as statements by :func:`generate_model_js`.
    """
    emitter = _emitter(model)
    text = emitter.expr(node, index)
    if emitter.prelude:
        raise EquationError("?", "sum over regions needs a statement", repr(node))
    return text


def _emitter(model: Model) -> _Emitter:
    stocks = frozenset(model.stocks) | {h.name for h in model.hidden_stocks}
    return _Emitter(model.regional, frozenset(stocks), frozenset(model.lookups))


def _initial_order(model: Model) -> list[str]:
    """Stocks (declared, then hidden) and the auxiliaries their initial values need, in an
    order where each comes after what it refers to (the engine evaluates them lazily).

    Raises
    ------
    ModelError
        On circular initial values, naming the loop.
    """
    eqs = model.engine_equations
    initial = {n: eqs[n] for n in model.stocks}
    initial.update({h.name: h.initial for h in model.hidden_stocks})
    skip = set(model.parameters) | set(_BUILTIN_REFS)
    done: list[str] = []
    state: dict[str, int] = {}

    def visit(name: str, path: list[str]) -> None:
        if name in skip or state.get(name) == 2:
            return
        if state.get(name) == 1:
            loop = " -> ".join([*path[path.index(name) :], name])
            raise ModelError(f"circular initial values: {loop}")
        state[name] = 1
        node = initial.get(name, eqs.get(name))
        if node is None:
            raise ModelError(f"unknown name {name!r} in an initial value")
        for ref in sorted(references(node)):
            visit(ref, [*path, name])
        state[name] = 2
        done.append(name)

    for name in initial:
        visit(name, [])
    return done


_RUNTIME = r"""
const SMALL = __SMALL__;
const ILLUSTRATIVE = __ILLUSTRATIVE__;

// ---- builtins, with the semantics of wardilemma.language.compile_numpy

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

function step(t, dt, height, start) {
  return t + dt / 2 > start ? height : 0;
}

function ramp(t, slope, start, end) {
  const last = end === undefined ? t : Math.min(end, t);
  return t + SMALL > start ? slope * (last - start) : 0;
}

function pulse(t, dt, magnitude, first, interval) {
  if (interval === undefined) interval = 0;
  const single = first - SMALL <= t && t < first + dt / 2;
  const safe = interval > 0 ? interval : 1;
  const repeat = first <= t && pyMod(t - first + SMALL, safe) < dt / 2;
  return (interval > 0 ? repeat : single) ? magnitude / dt : 0;
}

function pulseTrain(t, start, width, interval, end) {
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
"""

_SIMULATE_HEAD = r"""
// ---- the model

function simulate(input, options) {
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
"""

_SIMULATE_TAIL = r"""
  function rates(y, t, d) {
    evaluate(y, t);
    derivatives(y, t, d);
  }

  // ---- integration, as wardilemma.engine.run.run_kernel
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
"""


def generate_model_js(model: Model | None = None) -> str:
    """The model as a self-contained JavaScript program (a string).

    Parameters
    ----------
    model
        The compiled model (default :data:`wardilemma.model.WAR_ECONOMY`).

    Returns
    -------
    str
        A script defining ``WardilemmaModel`` with ``simulate(input, options)``; ``input``
        is what :func:`js_inputs` returns, ``options.record`` the names to keep (default all
        declared variables). The result holds ``time`` (months, shape ``(T,)``) and, per
        name, a ``Float64Array`` of shape ``(T, width)`` flattened time-major.

    Raises
    ------
    ModelError
        When the initial values are circular.
    """
    from wardilemma._version import __version__
    from wardilemma.model import WAR_ECONOMY

    model = model or WAR_ECONOMY
    emitter = _emitter(model)
    eqs = model.engine_equations
    hidden = {h.name: h for h in model.hidden_stocks}
    stock_order = [*model.stocks, *hidden]
    recordable = [n for n in model.elements if n not in model.lookups]
    regional = sorted(n for n in model.regional)
    lookups = {
        n: [list(map(float, lk.xs)), list(map(float, lk.ys))] for n, lk in model.lookups.items()
    }
    # declared stocks' bounds, an infinite one as null (JSON has no infinity)
    bounds = {
        n: [b if math.isfinite(b) else None for b in st.bounds]
        for n, st in model.stocks.items()
        if st.bounds is not None
    }

    lines: list[str] = [
        "/* wardilemma model, generated by wardilemma "
        f"{__version__} from the model definition ({model.name}); do not edit.",
        f"   {ILLUSTRATIVE}. */",
        "var WardilemmaModel = (function () {",
        '"use strict";',
        _RUNTIME.replace("__SMALL__", _number(SMALL)).replace(
            "__ILLUSTRATIVE__", json.dumps(ILLUSTRATIVE)
        ),
        f"const LOOKUPS = {json.dumps(lookups)};",
        f"const REGIONAL = new Set({json.dumps(regional)});",
        f"const PARAMETERS = {json.dumps(list(model.parameters))};",
        f"const STOCKS = {json.dumps(list(model.stocks))};",
        f"const HIDDEN_STOCKS = {json.dumps(list(hidden))};",
        f"const VARIABLES = {json.dumps(recordable)};",
        "const STOCK_NAMES = Object.fromEntries(STOCKS.map((n) => [n, true]));",
        f"const BOUNDS = {json.dumps(bounds)};",
        f"const BOUND_TOLERANCE = {_number(BOUND_TOLERANCE)};",
        _SIMULATE_HEAD,
        "  // parameters (a schedule overwrites its lever's array at each evaluation)",
    ]
    for name in model.parameters:
        lines.append(f"  const {var(name)} = parameter({json.dumps(name)});")
    lines.append("  // flows and auxiliaries")
    for name in model.order:
        lines.append(f"  const {var(name)} = new Float64Array(width({json.dumps(name)}));")
    lines.append("  const scheduled = [];")
    lines.append("  const arrays = {")
    for name in model.parameters:
        lines.append(f"    {json.dumps(name)}: {var(name)},")
    for name in model.order:
        lines.append(f"    {json.dumps(name)}: {var(name)},")
    lines.append("  };")
    lines.append("  for (const name in SCHED) {")
    lines.append("    if (!PARAMETERS.includes(name)) throw new Error('no lever ' + name);")
    lines.append(
        "    scheduled.push(scheduleSetter(SCHED[name], arrays[name], "
        "parameter('ceasefire_month')[0]));"
    )
    lines.append("  }")
    lines.append("  // the state vector: declared stocks, then hidden stocks (smooth, delay)")
    lines.append("  let N = 0;")
    lines.append("  const offsets = {};")
    for name in stock_order:
        lines.append(
            f"  const {_offset(name)} = N; offsets[{json.dumps(name)}] = N; "
            f"N += width({json.dumps(name)});"
        )
    lines.append("")
    lines.append("  function evaluate(y, t) {")
    lines.append("    for (const s of scheduled) s(t);")
    for name in model.order:
        regional_ = name in model.regional
        lines.append("    " + emitter.statement(var(name), eqs[name], regional=regional_))
    lines.append("  }")
    lines.append("")
    lines.append("  function derivatives(y, t, d) {")
    for name in stock_order:
        node = hidden[name].derivative if name in hidden else model.stock_derivative(name)
        stmt = emitter.statement(_offset(name), node, regional=name in model.regional, into="d")
        lines.append("    " + stmt)
    lines.append("  }")
    lines.append("")
    lines.append("  function initialState() {")
    lines.append("    const y = new Float64Array(N);")
    lines.append("    const t = initial_time;")
    lines.append("    for (const s of scheduled) s(t);")
    for name in _initial_order(model):
        is_stock = name in model.stocks or name in hidden
        if is_stock:
            node = hidden[name].initial if name in hidden else eqs[name]
            target = _offset(name)
        else:
            node, target = eqs[name], var(name)
        lines.append(
            "    "
            + emitter.statement(
                target, node, regional=name in model.regional, into="y" if is_stock else ""
            )
        )
    lines.append("    return y;")
    lines.append("  }")
    lines.append(_SIMULATE_TAIL)
    lines.append(
        "return { simulate: simulate, VARIABLES: VARIABLES, STOCKS: STOCKS, "
        "PARAMETERS: PARAMETERS, REGIONAL: REGIONAL, ILLUSTRATIVE: ILLUSTRATIVE };"
    )
    lines.append("})();")
    lines.append('if (typeof module !== "undefined") module.exports = WardilemmaModel;')
    return "\n".join(lines) + "\n"


def js_inputs(
    scenario: Any = None,
    model: Model | None = None,
    overrides: Mapping[str, Any] | None = None,
    *,
    months: float | None = None,
    dt: float | None = None,
    method: str | None = None,
    save_every: float = 1.0,
) -> dict[str, Any]:
    """The input of the generated ``simulate`` for a scenario (JSON-serialisable).

    Parameters are resolved exactly as for :func:`wardilemma.simulate` (through
    :func:`wardilemma.scenario.scenario_inputs`), for one member.

    Parameters
    ----------
    scenario
        A :class:`~wardilemma.scenario.Scenario` (default: the model's defaults).
    overrides
        ``name -> scalar`` or ``{region: scalar}``, as ``simulate(parameters=...)``.

    Returns
    -------
    dict
        ``regions``, ``months``, ``dt``, ``method``, ``save_every``, ``branch`` (months from
        the start to where the future starts, for the metrics), ``params`` (name ->
        list of 1 or R floats) and ``schedules`` (name -> ``{times, values, interpolation}``
        with ``values`` of shape (points, 1 or R)).
    """
    from wardilemma.engine.run import scenario_inputs
    from wardilemma.model import WAR_ECONOMY
    from wardilemma.scenario import Scenario

    model = model or WAR_ECONOMY
    scenario = scenario or Scenario(name="defaults")
    regions, values, schedules = scenario_inputs(scenario, model, overrides)
    for name, v in values.items():
        if v.shape[0] != 1:
            raise ValueError(f"the JavaScript model runs one member; {name!r} has {v.shape[0]}")
    return {
        "regions": list(regions),
        "months": float(months if months is not None else scenario.months),
        "dt": float(dt or scenario.dt),
        "method": method or scenario.method,
        "save_every": float(save_every),
        "branch": scenario.branch_month,
        "params": {n: [float(x) for x in v[0]] for n, v in values.items()},
        "schedules": {n: _js_schedule(s, scenario.schedules[n]) for n, s in schedules.items()},
    }


def _js_schedule(schedule: Any, spec: Any) -> dict[str, Any]:
    """A schedule for the generated ``simulate``: times since the start, or, for one written
    after the ceasefire, months after it (``after``), which the JavaScript adds to the
    ceasefire month it runs with."""
    relative = spec.after == "ceasefire"
    times = spec.months if relative else schedule.times
    out = {
        "times": [float(x) for x in times],
        "values": [[float(x) for x in row] for row in schedule.values],
        "interpolation": schedule.interpolation,
    }
    return {**out, "after": "ceasefire"} if relative else out
