/* The explorer's settings: a scenario's inputs with the sliders applied, and the same
   settings written as a scenario file (TOML) that `wardilemma validate` accepts and that
   runs to the same numbers. Pure functions (no page), so a test runs them under Node.
   A lever set on a slider is a constant: it replaces any schedule of that lever, as a
   value given with `wardilemma run --set` does. Illustrative model, not a forecast. */
var WardilemmaSettings = (function () {
  "use strict";

  function clone(x) {
    return JSON.parse(JSON.stringify(x));
  }

  // Whether the scenario has the lever (a regional lever's region may be missing).
  function hasLever(scenario, lever) {
    return lever.region === null || scenario.inputs.regions.includes(lever.region);
  }

  // The value a slider shows for a lever in a scenario: its base value (before any schedule).
  function leverBase(scenario, lever) {
    if (!hasLever(scenario, lever)) return null;
    const inputs = scenario.inputs;
    const col = lever.region === null ? 0 : inputs.regions.indexOf(lever.region);
    return inputs.params[lever.name][col];
  }

  function leverSchedule(scenario, lever) {
    return scenario.inputs.schedules[lever.name] || null;
  }

  /* Inputs of the model for a scenario with the sliders' values:
     values maps a lever's key to a number (levers not in it keep the scenario's value). */
  function inputsFor(scenario, levers, values) {
    const inputs = clone(scenario.inputs);
    for (const lever of levers) {
      const v = values[lever.key];
      if (v === undefined || !hasLever(scenario, lever)) continue;
      const col = lever.region === null ? 0 : inputs.regions.indexOf(lever.region);
      inputs.params[lever.name][col] = v;
      delete inputs.schedules[lever.name];
    }
    return inputs;
  }

  function num(x) {
    if (!Number.isFinite(x)) throw new Error("cannot write " + x + " to a scenario file");
    return String(x);
  }

  function str(s) {
    return JSON.stringify(String(s));
  }

  function same(a, b) {
    return a.length === b.length && a.every((x, k) => x === b[k]);
  }

  /* The settings as a scenario file: every value that differs from the model's default,
     levers under [policy] (constants or schedules), the rest under [parameters], regions
     the scenario adds as [regions.NAME] tables. `model` is the page's model description. */
  function scenarioToml(model, scenario, levers, values, version) {
    const inputs = inputsFor(scenario, levers, values);
    const P = model.parameters, modelRegions = model.regions;
    const regions = inputs.regions;
    const added = regions.filter((r) => !modelRegions.includes(r));
    const col = (r) => regions.indexOf(r);
    const moved = levers.filter((l) => values[l.key] !== undefined && hasLever(scenario, l));
    const lines = [];
    const name = scenario.name + " (explorer)";
    lines.push("# " + name);
    lines.push(
      "# Written by the wardilemma explorer (wardilemma " + version + ') from the scenario "' +
        scenario.name + '"' + (scenario.file ? " (" + scenario.file + ")" : "") + ","
    );
    lines.push("# with every value that differs from the model's defaults.");
    lines.push("# Check it with `wardilemma validate FILE`; run it with `wardilemma run FILE`.");
    lines.push("# Illustrative model, not a forecast.");
    lines.push("[scenario]");
    lines.push("name = " + str(name));
    const changes = moved.map((l) => l.key + " = " + values[l.key]).join(", ");
    lines.push(
      "description = " +
        str((scenario.description || scenario.name) + (changes ? " Explorer settings: " + changes + "." : ""))
    );
    lines.push("");
    lines.push("[simulation]");
    lines.push("start = " + str(scenario.start));
    lines.push("months = " + num(inputs.months));
    lines.push("dt = " + num(inputs.dt));
    lines.push("method = " + str(inputs.method));
    if (scenario.branch) lines.push("branch = " + str(scenario.branch));

    // regional base values of a scheduled lever go into [regions.NAME] tables (a table
    // under [parameters] or [policy] would replace the schedule)
    const regionTables = {};
    for (const r of regions) regionTables[r] = [];
    for (const r of added) regionTables[r].push("like = " + str(modelRegions[0]));
    const parameters = [], policy = [];
    for (const pname of Object.keys(P)) {
      const p = P[pname], values_ = inputs.params[pname];
      const sched = inputs.schedules[pname];
      const section = p.lever ? policy : parameters;
      if (!p.regional) {
        const def = p.default, base = values_[0];
        if (sched) {
          section.push(pname + " = " + scheduleToml(sched, p, regions, base !== def ? base : null, inputs.dt));
        } else if (base !== def) {
          section.push(pname + " = " + num(base) + (p.date ? dateComment(scenario.start, base, inputs.months) : ""));
        }
        continue;
      }
      for (const r of added) regionTables[r].push(pname + " = " + num(values_[col(r)]));
      const own = modelRegions.map((r) => values_[col(r)]);
      const defaults = modelRegions.map((r) => p.default[r]);
      if (sched) {
        modelRegions.forEach((r, k) => {
          if (own[k] !== defaults[k]) regionTables[r].push(pname + " = " + num(own[k]));
        });
        section.push(pname + " = " + scheduleToml(sched, p, regions, null, inputs.dt));
      } else if (!same(own, defaults)) {
        section.push(pname + " = " + table(modelRegions, own));
      }
    }
    for (const r of regions) {
      if (regionTables[r].length === 0) continue;
      lines.push("");
      lines.push("[regions." + r + "]");
      for (const l of regionTables[r]) lines.push(l);
    }
    if (parameters.length) {
      lines.push("");
      lines.push("[parameters]");
      for (const l of parameters) lines.push(l);
    }
    if (policy.length) {
      lines.push("");
      lines.push("[policy]");
      for (const l of policy) lines.push(l);
    }
    return lines.join("\n") + "\n";
  }

  function table(regions, values) {
    return "{ " + regions.map((r, k) => r + " = " + num(values[k])).join(", ") + " }";
  }

  function dateComment(start, month, months) {
    if (month >= months) return "  # after the end of the run: never";
    if (!Number.isInteger(month)) return "";
    return "  # " + WardilemmaMetrics.monthLabel(start, month);
  }

  /* A schedule as written in [policy]. A national lever whose value before the schedule
     differs from the default gets that value as a first point at month 0 (for a linear
     schedule, also just before its first point). */
  function scheduleToml(sched, p, regions, base, dt) {
    let times = sched.times.slice(), rows = sched.values.slice();
    if (base !== null && times[0] > 0) {
      if (sched.interpolation === "linear" && times[0] - dt / 4 > 0) {
        times.unshift(times[0] - dt / 4);
        rows.unshift([base]);
      }
      times.unshift(0);
      rows.unshift([base]);
    }
    const value = rows.map((row) => (p.regional ? table(regions, row) : num(row[0])));
    return (
      "{ at = [" + times.map(num).join(", ") + "], value = [" + value.join(", ") +
      "], interpolation = " + str(sched.interpolation) + " }"
    );
  }

  return {
    hasLever: hasLever,
    inputsFor: inputsFor,
    leverBase: leverBase,
    leverSchedule: leverSchedule,
    scenarioToml: scenarioToml,
  };
})();
if (typeof module !== "undefined") module.exports = WardilemmaSettings;
