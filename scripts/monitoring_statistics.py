"""Intervals for monitoring yield from the per-event table of a run (/events, or /arms/<arm>/events).

The summary attributes of /summary/monitoring give a standard error for the share found only. With
the event table (scenario `events: {table: true}`), every schedule's outcome is known event by event
(detected_by, lead_day), and the same events are scored by every schedule. This module resamples
patients (a nonparametric bootstrap: the patients are the independent units; a patient's events stay
together) and recomputes, on each resample and for every schedule at once:

  share found by tests, median lead time, tests per case found, and the differences of share found
  and median lead against the first schedule (paired: the same resampled events for both).

Tests per case found holds the number of tests fixed: the file keeps the tests of each schedule only
as a total (tests_done_<test>), not per patient, so how tests vary between patients cannot enter.
Percentile intervals; the seed is fixed so that the same file gives the same page.
"""

import numpy as np

REPLICATES = 1000
SEED = 20241130
CHUNK = 200  # replicates per block: bounds the memory to CHUNK x events of one condition
DETECTED_BY_MONITORING = "monitoring"


def flag_meanings(dataset):
    """The names of a flag dataset's values 0, 1, ..., from its flag_meanings attribute."""
    meanings = dataset.attrs["flag_meanings"]
    return (meanings.decode() if isinstance(meanings, bytes) else str(meanings)).split()


def flag_value(dataset, meaning):
    return flag_meanings(dataset).index(meaning)


def has_event_table(g, schedules):
    """Whether the arm's group keeps the per-event outcome of every schedule."""
    return "events/type" in g and all(f"events/{s}/detected_by" in g for s in schedules)


def condition_events(g, condition, schedules):
    """The events of one condition: {patient [n], since_infusion_day [n], found {schedule: bool [n]},
    lead {schedule: [n]}}. since_infusion_day is the time from the latest infusion to the onset."""
    events = g["events"]
    if condition not in flag_meanings(events["type"]):
        return None
    mask = events["type"][:] == flag_value(events["type"], condition)
    out = {"patient": events["patient"][:][mask],
           "since_infusion_day": events["since_infusion_day"][:][mask] if "since_infusion_day" in events
           else np.full(int(mask.sum()), np.nan),
           "found": {}, "lead": {}}
    for s in schedules:
        detected_by = events[f"{s}/detected_by"]
        out["found"][s] = detected_by[:][mask] == flag_value(detected_by, DETECTED_BY_MONITORING)
        out["lead"][s] = events[f"{s}/lead_day"][:][mask]
    return out


def patient_weights(event_patients, n_patients, replicates, rng):
    """How often each event's patient is drawn in each resample of n_patients patients with
    replacement: [replicates, events]. Only patients with events are drawn individually; the rest
    of the cohort is one lumped category (they add no events)."""
    unique, index = np.unique(event_patients, return_inverse=True)
    n_with = unique.size
    if n_with == 0:
        return np.zeros((replicates, 0))
    probabilities = np.append(np.full(n_with, 1.0 / n_patients), max(0.0, 1.0 - n_with / n_patients))
    counts = rng.multinomial(n_patients, probabilities / probabilities.sum(), size=replicates)[:, :n_with]
    return counts[:, index].astype(float)


def weighted_lower_median(values, weights):
    """Per row of `weights` [B, n]: the smallest value whose cumulative weight reaches half the row's
    total; NaN for a row of zero weight."""
    if values.size == 0:
        return np.full(weights.shape[0], np.nan)
    order = np.argsort(values, kind="stable")
    cumulative = np.cumsum(weights[:, order], axis=1)
    total = cumulative[:, -1]
    position = np.minimum((cumulative < 0.5 * total[:, None]).sum(axis=1), values.size - 1)
    out = values[order][position]
    out[total == 0] = np.nan
    return out


def percentile_interval(samples, level=0.95):
    """(low, high) of the finite-or-infinite samples, ignoring NaN (a resample with no case)."""
    samples = np.asarray(samples, dtype=float)
    samples = samples[~np.isnan(samples)]
    if samples.size == 0:
        return (float("nan"), float("nan"))
    tail = 100 * (1 - level) / 2
    low, high = np.percentile(samples, [tail, 100 - tail], method="inverted_cdf")
    return (float(low), float(high))


def _ratio(numerator, denominator):
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(denominator > 0, numerator / np.where(denominator > 0, denominator, 1), np.nan)


def _tests_per_found(tests, found):
    with np.errstate(divide="ignore"):
        return np.where(found > 0, tests / np.where(found > 0, found, 1), np.inf)


def resampled_yield(events, schedules, tests, n_patients, replicates=REPLICATES, seed=SEED):
    """Bootstrap samples for one condition: {schedule: {share, lead_median, tests_per_found,
    share_difference, lead_difference}} each [replicates]; differences against schedules[0].
    `tests` {schedule: tests done for this condition}."""
    rng = np.random.default_rng(seed)
    parts = {s: {k: [] for k in ("share", "lead_median", "tests_per_found")} for s in schedules}
    for start in range(0, replicates, CHUNK):
        w = patient_weights(events["patient"], n_patients, min(CHUNK, replicates - start), rng)
        cases = w.sum(axis=1)
        for s in schedules:
            found_mask = events["found"][s]
            found = w[:, found_mask].sum(axis=1)
            parts[s]["share"].append(_ratio(found, cases))
            parts[s]["lead_median"].append(weighted_lower_median(events["lead"][s][found_mask], w[:, found_mask]))
            parts[s]["tests_per_found"].append(_tests_per_found(float(tests[s]), found))
    samples = {s: {k: np.concatenate(v) for k, v in parts[s].items()} for s in schedules}
    reference = samples[schedules[0]]
    for s in schedules:
        samples[s]["share_difference"] = samples[s]["share"] - reference["share"]
        samples[s]["lead_difference"] = samples[s]["lead_median"] - reference["lead_median"]
    return samples


def yield_with_intervals(events, schedules, tests, n_patients, replicates=REPLICATES, seed=SEED):
    """Per schedule: the estimates from the events and their 95% bootstrap intervals:
    {schedule: {cases, found, share, share_ci, lead_median, lead_ci, tests_per_found, tests_per_found_ci,
    share_difference, share_difference_ci, lead_difference, lead_difference_ci}}."""
    samples = resampled_yield(events, schedules, tests, n_patients, replicates, seed)
    cases = int(events["patient"].size)
    reference = schedules[0]
    out = {}
    for s in schedules:
        found_mask = events["found"][s]
        found = int(found_mask.sum())
        lead = float(np.median(events["lead"][s][found_mask])) if found else float("nan")
        out[s] = {"cases": cases, "found": found,
                  "share": found / cases if cases else float("nan"),
                  "lead_median": lead,
                  "tests_per_found": float(tests[s]) / found if found else float("inf")}
        for k in ("share", "lead_median", "tests_per_found", "share_difference", "lead_difference"):
            out[s][f"{k}_ci"] = percentile_interval(samples[s][k])
    for s in schedules:
        out[s]["share_difference"] = out[s]["share"] - out[reference]["share"]
        out[s]["lead_difference"] = out[s]["lead_median"] - out[reference]["lead_median"]
    return out


def yield_by_time_since_infusion(events, schedules, n_patients, edges_days, replicates=REPLICATES, seed=SEED):
    """Share of the cases with onset in each window of time since the latest infusion that each schedule
    found by tests: {schedule: {share [bins], low [bins], high [bins]}}, with {cases [bins]};
    windows [edges_days[k], edges_days[k+1]) (the last open-ended when its edge is inf)."""
    since = events["since_infusion_day"]
    bins = np.digitize(since, edges_days) - 1  # NaN (before any infusion) lands outside
    n_bins = len(edges_days) - 1
    rng = np.random.default_rng(seed)
    weights = np.concatenate([patient_weights(events["patient"], n_patients, min(CHUNK, replicates - start), rng)
                              for start in range(0, replicates, CHUNK)]) if events["patient"].size else None
    result = {"cases": np.array([int((bins == b).sum()) for b in range(n_bins)])}
    for s in schedules:
        share, low, high = [], [], []
        for b in range(n_bins):
            in_bin = bins == b
            cases = int(in_bin.sum())
            found_mask = in_bin & events["found"][s]
            share.append(found_mask.sum() / cases if cases else np.nan)
            if cases:
                lo, hi = percentile_interval(_ratio(weights[:, found_mask].sum(axis=1), weights[:, in_bin].sum(axis=1)))
            else:
                lo, hi = np.nan, np.nan
            low.append(lo)
            high.append(hi)
        result[s] = {"share": np.array(share), "low": np.array(low), "high": np.array(high)}
    return result
