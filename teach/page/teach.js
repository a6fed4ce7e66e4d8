// The teaching page: sliders for one patient, the treatment and the model's main kinetic values;
// each change solves the patient again with repop's engine (RepopTeachEngine, WebAssembly) and
// redraws the curves (uPlot). window.repopTeach gives the last request and solution (the tests
// compare them with the command's numbers).
"use strict";

(async function teachingPage() {
  const DAYS_PER_MONTH = 365.25 / 12;
  // Lower limits of normal, cells/µL (the Lemtrada label's figures, as repop figure draws them).
  const LLN = { CD19: 100, CD4: 400, CD8: 200 };
  // Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
  const COLOURS = { CD19: "#0072B2", CD4: "#D55E00", CD8: "#009E73", NK: "#E69F00", C: "#CC79A7",
                    infection: "#0072B2", herpes: "#56B4E9", thyroid: "#D55E00", ITP: "#009E73",
                    anti_GBM: "#000000", relapse: "#E69F00", mri_lesion: "#F0E442", opportunistic: "#999999" };
  const LABELS = { CD19: "B cells (CD19)", CD4: "CD4 T cells", CD8: "CD8 T cells", NK: "NK cells" };
  const LINEAGES = ["CD19", "CD4", "CD8", "NK"];
  // The kinetic values worth a slider, when the model declares them (the rest stay typical).
  const KINETIC = ["EC50", "kB", "kT4", "kT8", "kNK", "f_thy", "h_N", "h_M4", "h_M8", "theta_Z", "a_fb", "CL", "V"];
  const COVARIATES = ["age", "sex", "CD4_0", "CD8_0", "CD19_0", "NK_0"];
  const COUNTS_RANGE = [1, 5000];  // cells/µL: one y range for every patient, so curves compare

  const status = document.getElementById("status");
  const say = (text, isError) => { status.textContent = text; status.classList.toggle("error", !!isError); };

  let engine;
  try {
    engine = await RepopTeachEngine();
  } catch (error) {
    say("The engine could not start in this browser: " + error, true);
    return;
  }
  const models = JSON.parse(engine.models());
  const state = { model: models.some(m => m.name === "alz-ref-1") ? "alz-ref-1" : models[0].name,
                  values: {}, regimen: {}, comparison: null, result: null, request: null, charts: {} };

  const modelSelect = document.getElementById("model");
  for (const m of models) modelSelect.add(new Option(`${m.name} (${m.version})`, m.name));
  modelSelect.value = state.model;
  modelSelect.addEventListener("change", () => { state.model = modelSelect.value; state.comparison = null; buildControls(); update(); });

  const format = (value) => {
    const a = Math.abs(value);
    if (a !== 0 && (a < 0.01 || a >= 1e5)) return value.toExponential(2);
    return a >= 100 ? value.toFixed(0) : a >= 10 ? value.toFixed(1) : value.toPrecision(3);
  };

  // One slider: `scale` "log" spreads [low, high] geometrically (rates, concentrations), "linear"
  // evenly; the slider runs over 0..steps and the value is read off it.
  function slider(parent, { id, label, unit, low, high, value, scale = "linear", step = null, title = "", onChange }) {
    const steps = step ? Math.round((high - low) / step) : 200;
    const toValue = (position) => scale === "log" ? low * Math.pow(high / low, position / steps)
                                                  : low + (high - low) * position / steps;
    const toPosition = (v) => scale === "log" ? Math.round(steps * Math.log(v / low) / Math.log(high / low))
                                              : Math.round(steps * (v - low) / (high - low));
    const box = document.createElement("div");
    box.className = "control";
    box.title = title;
    const text = document.createElement("label");
    text.htmlFor = id;
    const name = document.createElement("span");
    name.textContent = label;
    const shown = document.createElement("output");
    text.append(name, shown);
    const input = document.createElement("input");
    Object.assign(input, { type: "range", id, min: 0, max: steps, step: 1 });
    input.value = Math.min(steps, Math.max(0, toPosition(value)));
    // The value itself, not the slider's rounding of it, until the slider is moved.
    let current = value;
    const whole = step !== null && Number.isInteger(step) && Number.isInteger(low);
    const show = () => { shown.textContent = `${whole ? String(Math.round(current)) : format(current)}${unit && unit !== "-" ? " " + unit : ""}`; };
    input.addEventListener("input", () => { current = step ? low + step * Number(input.value) : toValue(Number(input.value)); show(); onChange(current); });
    show();
    box.append(text, input);
    parent.append(box);
    return input;
  }

  function choice(parent, { id, label, options, value, onChange }) {
    const box = document.createElement("div");
    box.className = "control";
    const text = document.createElement("label");
    text.htmlFor = id;
    text.textContent = label;
    const select = document.createElement("select");
    select.id = id;
    for (const [v, t] of options) select.add(new Option(t, String(v)));
    select.value = String(value);
    select.addEventListener("change", () => onChange(Number(select.value)));
    box.append(text, select);
    parent.append(box);
  }

  function clear(fieldset) { while (fieldset.children.length > 1) fieldset.lastChild.remove(); }

  function buildControls() {
    const model = JSON.parse(engine.describe(state.model));
    state.description = model;
    document.getElementById("model-title").textContent = model.title;
    const byName = Object.fromEntries(model.parameters.map(p => [p.name, p]));
    const patient = document.getElementById("patient"), regimen = document.getElementById("regimen"),
          kinetics = document.getElementById("kinetics");
    [patient, regimen, kinetics].forEach(clear);
    state.values = {};
    const set = (name) => (v) => { state.values[name] = v; update(); };
    for (const name of COVARIATES) {
      const p = byName[name];
      if (!p) continue;
      const title = `${p.description} (${p.source})`;
      if (name === "sex") {
        choice(patient, { id: "p-sex", label: "Sex", value: p.typical, options: [[1, "female"], [0, "male"]], onChange: set(name) });
      } else if (name === "age") {
        slider(patient, { id: "p-age", label: "Age", unit: "years", low: 16, high: 80, step: 1, value: p.typical, title, onChange: set(name) });
      } else {
        slider(patient, { id: `p-${name}`, label: `Baseline ${LABELS[name.replace("_0", "")] || name}`, unit: "cells/µL",
                          low: p.typical / 4, high: p.typical * 3, scale: "log", value: p.typical, title, onChange: set(name) });
      }
    }
    const course = model.default_regimen.courses[0] || { days: 5, dose_mg: 12, infusion_hours: 24 };
    const later = model.default_regimen.courses[1] || course;
    state.regimen = { dose_mg: course.dose_mg, infusion_hours: course.infusion_hours, count: model.default_regimen.courses.length || 1,
                      first_days: course.days, later_days: later.days,
                      interval_months: model.default_regimen.courses.length > 1 ? Math.round(later.start_day / DAYS_PER_MONTH) : 12,
                      prophylaxis_days: model.default_regimen.prophylaxis_days, horizon_years: 5 };
    const r = state.regimen;
    const setR = (key) => (v) => { r[key] = v; update(); };
    slider(regimen, { id: "r-dose", label: "Dose per day of a course", unit: "mg", low: 1, high: Math.max(30, 2 * r.dose_mg), step: 1, value: r.dose_mg, onChange: setR("dose_mg") });
    slider(regimen, { id: "r-count", label: "Courses", unit: "", low: 1, high: 5, step: 1, value: r.count, onChange: setR("count") });
    slider(regimen, { id: "r-first", label: "Days of course 1", unit: "days", low: 1, high: 7, step: 1, value: r.first_days, onChange: setR("first_days") });
    slider(regimen, { id: "r-later", label: "Days of each later course", unit: "days", low: 1, high: 7, step: 1, value: r.later_days, onChange: setR("later_days") });
    slider(regimen, { id: "r-interval", label: "Between courses", unit: "months", low: 3, high: 36, step: 1, value: r.interval_months, onChange: setR("interval_months") });
    slider(regimen, { id: "r-prophylaxis", label: "Antiviral prophylaxis from each course", unit: "days", low: 0, high: 180, step: 5, value: r.prophylaxis_days, onChange: setR("prophylaxis_days") });
    slider(regimen, { id: "r-horizon", label: "Follow-up", unit: "years", low: 1, high: 10, step: 1, value: r.horizon_years, onChange: setR("horizon_years") });
    for (const name of KINETIC) {
      const p = byName[name];
      if (!p || !(p.typical > 0)) continue;
      const low = Math.max(p.typical / 4, p.lower ?? 0), high = Math.min(p.typical * 4, p.upper ?? Infinity);
      slider(kinetics, { id: `k-${name}`, label: `${name}: ${p.description}`, unit: p.unit, low, high, scale: "log",
                         value: p.typical, title: `${p.description} (${p.source})`, onChange: set(name) });
    }
  }

  function request() {
    const r = state.regimen;
    const courses = [];
    for (let k = 0; k < r.count; ++k)
      courses.push({ start_day: Math.round(k * r.interval_months * DAYS_PER_MONTH), days: k === 0 ? r.first_days : r.later_days });
    return { parameters: { ...state.values },
             regimen: { dose_mg: r.dose_mg, infusion_hours: r.infusion_hours, prophylaxis_days: r.prophylaxis_days, courses },
             horizon_days: Math.round(r.horizon_years * 365.25), step_days: 5, daily_after_courses_days: 60 };
  }

  // The solution as columns by variable name, with the time in months.
  function columns(result) {
    const n = result.names.length, rows = result.days.length, out = { months: new Float64Array(rows) };
    for (let i = 0; i < rows; ++i) out.months[i] = result.days[i] / DAYS_PER_MONTH;
    result.names.forEach((name, j) => {
      const column = new Float64Array(rows);
      for (let i = 0; i < rows; ++i) column[i] = result.values[i * n + j];
      out[name] = column;
    });
    const e = result.events, m = e.names.length;
    out.events = {};
    e.names.forEach((name, k) => {
      const column = new Float64Array(rows);
      for (let i = 0; i < rows; ++i) {
        const cumulative = e.cumulative_hazard[i * m + k];
        column[i] = e.recurrent[k] ? cumulative : 100 * (1 - Math.exp(-cumulative));
      }
      out.events[name] = { values: column, recurrent: e.recurrent[k] };
    });
    return out;
  }

  // Values on the grid of `target` (months), by linear interpolation; null outside.
  function onGrid(source, values, target) {
    const out = new Array(target.length);
    let j = 0;
    for (let i = 0; i < target.length; ++i) {
      const t = target[i];
      while (j + 1 < source.length && source[j + 1] < t) ++j;
      if (t < source[0] || t > source[source.length - 1]) { out[i] = null; continue; }
      const k = Math.min(j + 1, source.length - 1);
      const span = source[k] - source[j];
      out[i] = span > 0 ? values[j] + (values[k] - values[j]) * (t - source[j]) / span : values[j];
    }
    return out;
  }

  const positive = (column) => Array.from(column, v => (v > 0 ? v : null));

  function draw(id, options, data) {
    const target = document.getElementById(id);
    if (state.charts[id]) state.charts[id].destroy();
    options.width = Math.max(320, target.clientWidth - 4);
    state.charts[id] = new uPlot(options, data, target);
  }

  function axis(label, extra = {}) { return { label, labelSize: 18, size: 56, ...extra }; }

  function drawCounts(now, before) {
    const present = LINEAGES.filter(name => now[name]);
    const series = [{ label: "month" }], data = [now.months];
    for (const name of present) {
      series.push({ label: LABELS[name], stroke: COLOURS[name], width: 2.2 });
      data.push(positive(now[name]));
    }
    if (before) for (const name of present.filter(n => before.columns[n])) {
      series.push({ label: `${LABELS[name]}, kept`, stroke: COLOURS[name], width: 1.6, dash: [7, 5] });
      data.push(positive(onGrid(before.columns.months, before.columns[name], now.months)));
    }
    const limits = present.filter(n => LLN[n]);
    // The lower limits of normal as dotted lines across the plot, labelled at its right end.
    const drawLimits = (u) => {
      const context = u.ctx, { left, width } = u.bbox;
      context.save();
      context.lineWidth = 1.2 * devicePixelRatio;
      context.setLineDash([3 * devicePixelRatio, 4 * devicePixelRatio]);
      context.font = `${11 * devicePixelRatio}px system-ui, sans-serif`;
      context.textAlign = "right";
      for (const name of limits) {
        const y = Math.round(u.valToPos(LLN[name], "y", true));
        context.strokeStyle = context.fillStyle = COLOURS[name];
        context.beginPath();
        context.moveTo(left, y);
        context.lineTo(left + width, y);
        context.stroke();
        context.fillText(`${name} ${LLN[name]}`, left + width - 4 * devicePixelRatio, y - 3 * devicePixelRatio);
      }
      context.restore();
    };
    draw("chart-counts", { height: 360, series, scales: { x: { time: false }, y: { distr: 3, range: COUNTS_RANGE } },
                           axes: [axis("months since the first infusion"), axis("cells/µL")], hooks: { draw: [drawLimits] } },
         data);
  }

  function drawDrug(now, before) {
    const series = [{ label: "month" }, { label: "concentration", stroke: COLOURS.C, width: 2 }];
    const data = [now.months, Array.from(now.C)];
    if (before && before.columns.C) {
      series.push({ label: "concentration, kept", stroke: COLOURS.C, width: 1.5, dash: [7, 5] });
      data.push(onGrid(before.columns.months, before.columns.C, now.months));
    }
    draw("chart-drug", { height: 170, series, scales: { x: { time: false } },
                         axes: [axis("months since the first infusion"), axis("mg/L")] }, data);
  }

  function drawEvents(now, before) {
    const series = [{ label: "month" }], data = [now.months];
    const add = (columns, name, kept) => {
      const e = columns.events[name];
      series.push({ label: `${name}${e.recurrent ? " (expected number)" : " (%)"}${kept ? ", kept" : ""}`,
                    stroke: COLOURS[name] || "#777", width: kept ? 1.5 : 2, dash: kept ? [7, 5] : undefined,
                    scale: e.recurrent ? "count" : "percent" });
      data.push(kept ? onGrid(before.columns.months, e.values, now.months) : Array.from(e.values));
    };
    for (const name of Object.keys(now.events)) add(now, name, false);
    if (before) for (const name of Object.keys(before.columns.events)) if (now.events[name]) add(before.columns, name, true);
    draw("chart-events", { height: 260, series, scales: { x: { time: false }, count: { range: (u, lo, hi) => [0, Math.max(1, hi)] },
                                                          percent: { range: [0, 100] } },
                           axes: [axis("months since the first infusion"), axis("expected number", { scale: "count" }),
                                  axis("%", { scale: "percent", side: 1, grid: { show: false } })] }, data);
  }

  // The numbers a class asks about, read off the solution: each lineage's nadir (its true low,
  // with daily outputs after each course), when it is back above its lower limit, the B-cell
  // overshoot, the drug's peak, and how likely a first autoimmune disease is by the end.
  function captions(now) {
    const lowest = (name) => {
      let k = 0;
      for (let i = 1; i < now[name].length; ++i) if (now[name][i] < now[name][k]) k = i;
      return k;
    };
    const months = (i) => now.months[i];
    const counts = [];
    for (const name of ["CD19", "CD4", "CD8"].filter(n => now[n])) {
      const k = lowest(name);
      let back = -1;
      for (let i = k; i < now[name].length; ++i) if (now[name][i] >= LLN[name]) { back = i; break; }
      counts.push(`${LABELS[name]} fall to ${format(now[name][k])} cells/µL on day ${format(state.result.days[k])}` +
                  (back >= 0 ? ` and are back above ${LLN[name]} at month ${Math.round(months(back))}`
                             : `, still below ${LLN[name]} at the end`));
    }
    let text = counts.join("; ") + ".";
    if (now.CD19) {
      let k = 0;
      for (let i = 1; i < now.CD19.length; ++i) if (now.CD19[i] > now.CD19[k]) k = i;
      const ratio = now.CD19[k] / now.CD19[0];
      if (ratio > 1.05) text += ` B cells come back first and overshoot: ${format(ratio)}× their baseline at month ${Math.round(months(k))}.`;
    }
    if (now.CD4 && now.CD8) text += " CD4 T cells, which must be rebuilt from the thymus and by slow division, are the last back.";
    document.getElementById("caption-counts").textContent = text;
    if (now.C) {
      let k = 0;
      for (let i = 1; i < now.C.length; ++i) if (now.C[i] > now.C[k]) k = i;
      document.getElementById("caption-drug").textContent =
        `Peak ${format(now.C[k])} mg/L on day ${format(state.result.days[k])}; the drug is gone within weeks, its effect lasts years.`;
    }
    const firsts = Object.entries(now.events).filter(([, e]) => !e.recurrent);
    const last = now.months.length - 1;
    const parts = firsts.map(([name, e]) => `${name} ${format(e.values[last])}%`);
    document.getElementById("caption-events").textContent = parts.length
      ? `By the end: ${parts.join(", ")}. Autoimmune disease comes in the years after a course, while the T cells rebuild.`
      : "";
  }

  function render() {
    const now = state.result.columns, before = state.comparison;
    drawCounts(now, before);
    drawDrug(now, before);
    drawEvents(now, before);
    captions(now);
  }

  function update() {
    const started = performance.now();
    state.request = request();
    const result = engine.simulate(state.model, JSON.stringify(state.request));
    if (result.error) { say(result.error, true); return; }
    result.columns = columns(result);
    state.result = result;
    render();
    state.lastMilliseconds = performance.now() - started;
    say(result.code === "success"
        ? `Solved and drawn in ${state.lastMilliseconds.toFixed(0)} ms (${result.steps} solver steps).`
        : `The solver stopped early (${result.code}); the curves end where it stopped.`, result.code !== "success");
  }

  document.getElementById("keep").addEventListener("click", () => {
    state.comparison = { columns: state.result.columns };
    document.getElementById("clear").disabled = false;
    document.getElementById("comparison-note").textContent = "Dashed: the kept patient. Change the sliders to compare.";
    render();
  });
  document.getElementById("clear").addEventListener("click", () => {
    state.comparison = null;
    document.getElementById("clear").disabled = true;
    document.getElementById("comparison-note").textContent = "";
    render();
  });
  document.getElementById("reset").addEventListener("click", () => { buildControls(); update(); });
  window.addEventListener("resize", () => state.result && render());

  buildControls();
  update();

  // For inspection from the browser's console and for the tests: the last request and solution.
  window.repopTeach = {
    model: () => state.model,
    description: () => state.description,
    request: () => state.request,
    solution: () => ({ days: Array.from(state.result.days), names: state.result.names, values: Array.from(state.result.values),
                       code: state.result.code }),
    milliseconds: () => state.lastMilliseconds,
    seriesDrawn: () => Object.fromEntries(Object.entries(state.charts).map(([id, chart]) => [id, chart.series.map(x => x.label)])),
  };
})();
