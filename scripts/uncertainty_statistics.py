"""Figures of a run with parameter uncertainty, read from its /uncertainty group.

Such a run executes the cohort once per parameter set ("draw"), each on patients of its own. The
group holds, for every value of every headline figure of the summary (a row, named by the figure's
JSON pointer with "/<index>" for a figure over time or years): the estimate of each draw and its
Monte Carlo SE (value, se [row, draw]), and the spread of the draws (mean, interval_low,
interval_high: 2.5% and 97.5% of the draws; sd_total, sd_parameter, sd_monte_carlo: the law of
total variance, Var Y = E Var(Y | parameters) + Var E(Y | parameters)).

Needs Debian's python3-numpy; the group comes from results_file.open_results.
"""

import math

import numpy as np

ROW_STATISTICS = ("mean", "interval_low", "interval_high", "sd_total", "sd_parameter", "sd_monte_carlo")


def _text(x):
    return x.decode("utf-8", "replace") if isinstance(x, bytes) else str(x)


def pointer_key(key):
    """One key of a JSON pointer, escaped as RFC 6901 says (the engine names rows so)."""
    return str(key).replace("~", "~0").replace("/", "~1")


def arm_prefix(arm):
    """Where an arm's figures start in the summary: /arms/<arm>, or nothing for a run without arms."""
    return "" if arm is None else f"/arms/{pointer_key(arm)}"


def difference_pointer(arm, outcome):
    """The paired difference per patient of `arm` against the reference arm, for one compared outcome."""
    return f"/arm_comparison/arms/{pointer_key(arm)}/outcomes/{pointer_key(outcome)}/difference_per_patient"


class Draws:
    """The /uncertainty group in memory: `parameter_names` [P], `parameter_values` [draw, P],
    `patients_per_draw`, `draws`, and per figure row its values and statistics."""

    def __init__(self, group):
        self.parameter_names = [_text(x) for x in group["parameter_names"][:]]
        self.parameter_values = np.asarray(group["parameter_values"][:], dtype=float).reshape(
            -1, len(self.parameter_names))
        self.patients_per_draw = int(group.attrs.get("patients_per_draw", 0))
        self.value = np.asarray(group["value"][:], dtype=float)
        self.se = np.asarray(group["se"][:], dtype=float)
        self.draws = int(self.value.shape[1]) if self.value.ndim == 2 else 0
        self.statistics = {name: np.asarray(group[name][:], dtype=float) for name in ROW_STATISTICS}
        self.rows = {_text(x): row for row, x in enumerate(group["figure"][:])}

    def has(self, pointer):
        return pointer in self.rows

    def values_of(self, pointer):
        """Each draw's estimate of one figure row [draw]."""
        return self.value[self.rows[pointer]]

    def figure(self, pointer):
        """One figure row's statistics {mean, interval_low, interval_high, sd_total, sd_parameter,
        sd_monte_carlo, parameter_share, share_below_zero}; None when the run has no such row."""
        if pointer not in self.rows:
            return None
        row = self.rows[pointer]
        out = {name: float(values[row]) for name, values in self.statistics.items()}
        out["parameter_share"] = parameter_share(out["sd_parameter"], out["sd_total"])
        out["share_below_zero"] = share_below_zero(self.value[row], self.se[row])
        return out

    def last_index(self, pointer):
        """The largest index of a figure over time or years (`pointer` without the index); None if absent."""
        indices = [int(p[len(pointer) + 1:]) for p in self.rows
                   if p.startswith(pointer + "/") and p[len(pointer) + 1:].isdigit()]
        return max(indices) if indices else None

    def series(self, pointer, length):
        """A figure over years: {mean, interval_low, interval_high} [length], NaN where a year is missing."""
        out = {name: np.full(length, np.nan) for name in ("mean", "interval_low", "interval_high")}
        for i in range(length):
            row = self.rows.get(f"{pointer}/{i}")
            if row is not None:
                for name in out:
                    out[name][i] = self.statistics[name][row]
        return out


def read_draws(f):
    """The run's parameter draws, or None for a run without `uncertainty:`."""
    return Draws(f["uncertainty"]) if "uncertainty" in f else None


def parameter_share(sd_parameter, sd_total):
    """The share of the variance between draws that the parameters cause: sd_parameter^2 / sd_total^2
    (NaN when the draws do not vary at all)."""
    if not (math.isfinite(sd_parameter) and math.isfinite(sd_total)) or sd_total <= 0:
        return float("nan")
    return (sd_parameter / sd_total) ** 2


def share_below_zero(values, ses):
    """The share of draws whose estimate is below zero, among draws with an estimate and an SE (as the
    engine counts them for its variance split)."""
    usable = np.isfinite(values) & np.isfinite(ses)
    return float(np.mean(values[usable] < 0.0)) if np.any(usable) else float("nan")


def probability_lowest(draws, arms, reference, outcome):
    """For one compared outcome, the share of draws in which each arm has the lowest mean per patient
    {arm: share}; a tie shares the draw. The means themselves are not in the file, but in one draw
    all arms are run on the same patients, so the order of the means is the order of the paired
    differences against the reference (which is 0 itself)."""
    per_arm = {arm: (np.zeros(draws.draws) if arm == reference else draws.values_of(difference_pointer(arm, outcome)))
               for arm in arms}
    wins = dict.fromkeys(arms, 0.0)
    for d in range(draws.draws):
        values = {arm: float(v[d]) for arm, v in per_arm.items() if math.isfinite(v[d])}
        if not values:
            continue
        lowest = min(values.values())
        winners = [arm for arm, v in values.items() if v == lowest]
        for arm in winners:
            wins[arm] += 1.0 / len(winners)
    return {arm: w / draws.draws for arm, w in wins.items()}


def probability_lowest_by_margin(draws, arms, reference, outcome, points=21):
    """For one compared outcome, the share of draws in which each arm's mean per patient is below every
    other arm's by at least a margin, over `points` margins from 0 to the largest gap between two arms
    in any draw: (margins per patient, {arm: shares}). As the engine's probability_lowest_by_margin,
    from the paired differences (the gap between two arms is the difference of their differences
    against the reference); at margin 0 tied arms each count, and a gap within a billionth of the widest
    gap of a margin counts (gaps of counts per patient often equal a margin)."""
    per_arm = {arm: (np.zeros(draws.draws) if arm == reference else draws.values_of(difference_pointer(arm, outcome)))
               for arm in arms}
    gaps = {arm: np.full(draws.draws, -np.inf) for arm in arms}  # to the nearest other arm; -inf: not counted
    widest = 0.0
    for d in range(draws.draws):
        values = {arm: float(v[d]) for arm, v in per_arm.items() if math.isfinite(v[d])}
        if len(values) < 2:
            continue
        widest = max(widest, max(values.values()) - min(values.values()))
        for arm, own in values.items():
            gaps[arm][d] = min(v - own for other, v in values.items() if other != arm)
    margins = np.array([widest * k / (points - 1) for k in range(points)])
    return margins, {arm: np.array([float(np.sum(gaps[arm] >= m - 1e-9 * widest)) / draws.draws for m in margins])
                     for arm in arms}


def share_found_pointer(arm, schedule, condition):
    """The share of a condition's cases a monitoring schedule finds before symptoms, in one arm."""
    return f"{arm_prefix(arm)}/monitoring/{pointer_key(schedule)}/{pointer_key(condition)}/share_found"


def schedules_across_draws(draws, arm, schedules, condition):
    """Monitoring schedules compared across the draws for one condition in one arm, as the engine's
    uncertainty.schedules block: {probability_most_found {schedule: share of draws in which it finds
    the largest share of cases before symptoms, ties shared}, difference_in_share_found {schedule:
    {mean, interval_low, interval_high, share_below_zero, per_draw}} against schedules[0]}. Within a
    draw every schedule watches the same cases, so the differences are paired. None when a schedule
    lacks the figure."""
    if len(schedules) < 2 or not all(draws.has(share_found_pointer(arm, s, condition)) for s in schedules):
        return None
    found = {s: draws.values_of(share_found_pointer(arm, s, condition)) for s in schedules}
    wins = dict.fromkeys(schedules, 0.0)
    for d in range(draws.draws):
        values = {s: float(v[d]) for s, v in found.items() if math.isfinite(v[d])}
        if not values:
            continue  # no case in this draw: no schedule finds the most
        best = max(values.values())
        winners = [s for s, v in values.items() if v == best]
        for s in winners:
            wins[s] += 1.0 / len(winners)
    differences = {}
    for s in schedules[1:]:
        d = found[s] - found[schedules[0]]
        usable = d[np.isfinite(d)]
        differences[s] = {
            "mean": float(np.mean(usable)) if usable.size else float("nan"),
            "interval_low": float(np.quantile(usable, 0.025)) if usable.size > 1 else float("nan"),
            "interval_high": float(np.quantile(usable, 0.975)) if usable.size > 1 else float("nan"),
            "share_below_zero": float(np.mean(usable < 0.0)) if usable.size else float("nan"),
            "per_draw": [float(x) for x in d]}
    return {"probability_most_found": {s: w / draws.draws for s, w in wins.items()},
            "difference_in_share_found": differences}


def given_data_bins(n):
    """Classes of the given-data estimate for n pairs: about √n, at least 2, at most 50."""
    return min(50, max(2, int(math.floor(math.sqrt(n) + 0.5))))


def first_order_from_given_data(x, y):
    """The share of y's variance across draws that x explains alone, Var(E[y | x]) / Var(y), from the
    draws themselves (Plischke, Borgonovo & Smith 2013): the pairs sorted by x (ties in draw order)
    and cut into about √n classes of equal count; the between-class sum of squares less the part
    noise within classes adds, (bins − 1)·SS_within / (n − bins), over the total (Kelley's ε²). As
    the engine's first_order_index (core/given_data_sensitivity.hpp). NaN with fewer than 2·bins
    pairs or when y does not vary."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    usable = np.isfinite(x) & np.isfinite(y)
    x, y = x[usable], y[usable]
    n = x.size
    bins = given_data_bins(n)
    if n < 2 * bins:
        return float("nan")
    y = y[np.argsort(x, kind="stable")]
    total = float(np.sum((y - y.mean()) ** 2))
    if not total > 0:
        return float("nan")
    between = 0.0
    for b in range(bins):
        part = y[n * b // bins:n * (b + 1) // bins]
        between += part.size * (part.mean() - y.mean()) ** 2
    within = total - between
    return (between - (bins - 1) * within / (n - bins)) / total


def driver_threshold(n):
    """The least first-order index worth naming with n draws: 5%, or four standard deviations of the
    estimate for a parameter that explains nothing (about √(2·(bins − 1))/n: the between-class share of
    n pure-noise values is Beta((bins − 1)/2, (n − bins)/2)), whichever is larger; with 200 draws
    10%. Among dozens of parameters, chance alone often reaches two or three standard deviations."""
    bins = given_data_bins(n)
    return max(0.05, 4.0 * math.sqrt(2.0 * (bins - 1)) / n) if n > 0 else float("nan")


def drivers(draws, pointer, at_least=None):
    """The parameters that explain at least `at_least` (by default driver_threshold of the draws) of a
    figure row's variance across draws alone, largest first: [(parameter, first-order index)]."""
    if at_least is None:
        at_least = driver_threshold(draws.draws)
    values = draws.values_of(pointer)
    found = [(name, first_order_from_given_data(draws.parameter_values[:, k], values))
             for k, name in enumerate(draws.parameter_names)]
    return sorted(((n, s) for n, s in found if math.isfinite(s) and s >= at_least), key=lambda p: -p[1])
