#!/usr/bin/python3
"""Draws the tables of `repop sensitivity`:

  PREFIX.png/.svg                 total Sobol' index of every free parameter (columns) for every
                                  target (rows) as a heat map, the first-order index written in
                                  each cell where it matters: what drives what, at a glance;
  PREFIX-one-at-a-time.png/.svg   a tornado per target: the target's value with each parameter
                                  at the low and the high end of its band, the others at the
                                  centre, largest swings first.

Usage: scripts/sensitivity_figure.py INDICES.csv ONE_AT_A_TIME.csv -o PREFIX [--title TEXT]
"""
import argparse
import csv
import math

import script_failure
from figure_files import save_figure

if __name__ == "__main__":
    script_failure.unblock_ctrl_c()  # repop starts its scripts with Ctrl-C blocked

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

TORNADO_BARS = 6  # parameters shown per target: the largest swings


def rows_of(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def number(text):
    return float(text) if text not in ("", None) else math.nan


def in_order(values):
    """The distinct values in the order they first appear (the calibration file's order)."""
    seen = []
    for v in values:
        if v not in seen:
            seen.append(v)
    return seen


def draw_indices(rows, prefix, title):
    targets = in_order(r["target"] for r in rows)
    parameters = in_order(r["parameter"] for r in rows)
    total = [[math.nan] * len(parameters) for _ in targets]
    first = [[math.nan] * len(parameters) for _ in targets]
    for r in rows:
        t, p = targets.index(r["target"]), parameters.index(r["parameter"])
        total[t][p], first[t][p] = number(r["total"]), number(r["first_order"])
    shown = [[min(1.0, max(0.0, v)) if math.isfinite(v) else math.nan for v in row] for row in total]
    fig, ax = plt.subplots(figsize=(max(7.0, 0.42 * len(parameters) + 3.0), 0.34 * len(targets) + 2.4))
    image = ax.imshow(shown, cmap="Blues", vmin=0.0, vmax=1.0, aspect="auto")
    for t in range(len(targets)):
        for p in range(len(parameters)):
            if math.isfinite(total[t][p]) and total[t][p] >= 0.1:
                colour = "white" if total[t][p] > 0.6 else "black"
                ax.text(p, t, f"{first[t][p]:.2f}" if math.isfinite(first[t][p]) else "", ha="center",
                        va="center", fontsize=6, color=colour)
    ax.set_xticks(range(len(parameters)))
    ax.set_xticklabels(parameters, rotation=60, ha="right", fontsize=7)
    ax.set_yticks(range(len(targets)))
    ax.set_yticklabels(targets, fontsize=7)
    bar = fig.colorbar(image, ax=ax, fraction=0.03, pad=0.02)
    bar.set_label("total index", fontsize=7)
    base = rows[0]["base"] if rows else "?"
    ax.set_title(f"{title}\nwhat drives each target: total Sobol' index (colour; Saltelli design, {base} base rows)\n"
                 "number in a cell: the first-order index, where the total is at least 0.1", fontsize=8, loc="left")
    fig.tight_layout()
    save_figure(fig, prefix)


def draw_tornadoes(rows, prefix, title):
    targets = in_order(r["target"] for r in rows)
    columns = 3
    lines = math.ceil(len(targets) / columns)
    fig, axes = plt.subplots(lines, columns, figsize=(12, 1.9 * lines + 0.8), squeeze=False)
    for ax in axes.flat[len(targets):]:
        ax.axis("off")
    for ax, target in zip(axes.flat, targets):
        mine = [r for r in rows if r["target"] == target]
        centre = number(mine[0]["target_at_centre"])
        mine = [r for r in mine if math.isfinite(number(r["swing"]))]
        mine.sort(key=lambda r: abs(number(r["swing"])), reverse=True)
        mine = mine[:TORNADO_BARS]
        for y, r in enumerate(reversed(mine)):
            low, high = number(r["target_at_low"]), number(r["target_at_high"])
            ax.barh(y, low - centre, left=centre, color="#4c72b0", height=0.7)
            ax.barh(y, high - centre, left=centre, color="#dd8452", height=0.7)
        ax.axvline(centre, color="0.3", lw=0.8)
        ax.set_yticks(range(len(mine)))
        ax.set_yticklabels([r["parameter"] for r in reversed(mine)], fontsize=6)
        ax.tick_params(axis="x", labelsize=6)
        ax.set_title(f"{target} (centre {centre:.3g})", fontsize=7, loc="left")
    fig.suptitle(f"{title}: each target with one parameter at the low (blue) or the high (orange) end of its band",
                 fontsize=9, x=0.01, ha="left")
    fig.tight_layout(rect=(0, 0, 1, 0.97))
    save_figure(fig, prefix + "-one-at-a-time")


def _main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("indices")
    parser.add_argument("one_at_a_time")
    parser.add_argument("-o", "--output", required=True, help="output prefix")
    parser.add_argument("--title", default="sensitivity")
    args = parser.parse_args(argv)
    with script_failure.reading(args.indices):
        indices = rows_of(args.indices)
    with script_failure.reading(args.one_at_a_time):
        tornado = rows_of(args.one_at_a_time)
    if indices:
        draw_indices(indices, args.output, args.title)
    draw_tornadoes(tornado, args.output, args.title)
    return 0


def main(argv=None):
    return script_failure.run(lambda: _main(argv))


if __name__ == "__main__":
    raise SystemExit(main())
