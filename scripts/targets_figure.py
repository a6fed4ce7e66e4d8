#!/usr/bin/python3
"""Draws the table of `repop check-targets --csv` as a figure: one row per target, the published
range as a grey band scaled to the same width for every target (so targets of any unit sit side
by side), the published value as a tick, and the simulated value with its 95% Monte Carlo
interval as a dot, green inside the range and red outside.

Usage: scripts/targets_figure.py TABLE.csv -o PREFIX [--title TEXT]   (writes PREFIX.png, PREFIX.svg)
"""
import argparse
import csv
import math

import script_failure

if __name__ == "__main__":
    script_failure.unblock_ctrl_c()  # repop starts its scripts with Ctrl-C blocked

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def position(value, published, low, high):
    """The range score: 0 at the published value, -1 at low, +1 at high (each side scaled alone)."""
    half = (high - published) if value >= published else (published - low)
    return (value - published) / half if half > 0 else 0.0


def rows_of(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def draw(rows, prefix, title):
    n = len(rows)
    fig, ax = plt.subplots(figsize=(11, 0.36 * n + 1.6))
    limit = 4.0
    for i, r in enumerate(rows):
        y = n - 1 - i
        ax.add_patch(plt.Rectangle((-1, y - 0.3), 2, 0.6, color="0.88", zorder=0))
        ax.plot([0, 0], [y - 0.3, y + 0.3], color="0.45", lw=1, zorder=1)
        if not r["simulated"]:
            ax.text(0, y, "not computed", ha="center", va="center", fontsize=7, color="0.4")
            continue
        published, low, high = float(r["published"]), float(r["low"]), float(r["high"])
        value, se = float(r["simulated"]), float(r["se"])
        z = position(value, published, low, high)
        lo = position(value - 1.96 * se, published, low, high) if math.isfinite(se) else -limit
        hi = position(value + 1.96 * se, published, low, high) if math.isfinite(se) else limit
        clip = lambda v: max(-limit, min(limit, v))  # noqa: E731
        colour = "#1a7f37" if r["inside"] == "true" else "#c62828"
        ax.plot([clip(lo), clip(hi)], [y, y], color=colour, lw=1.5, zorder=2)
        ax.plot([clip(z)], [y], "o", color=colour, ms=5, zorder=3)
        ax.text(limit + 0.5, y, f"{value:.3g}  ({low:g}–{high:g})", va="center", fontsize=7, color=colour)
    ax.set_yticks(range(n))
    ax.set_yticklabels([f"{r['id']}  {r['description'][:58]}" for r in reversed(rows)], fontsize=7)
    ax.set_xlim(-limit - 0.3, limit + 0.3)
    ax.text(limit + 0.5, n - 0.3, "simulated (published range)", fontsize=7, va="bottom", clip_on=False)
    ax.set_ylim(-0.7, n - 0.3)
    ax.set_xticks([-4, -2, -1, 0, 1, 2, 4])
    ax.set_xticklabels(["", "", "low", "published", "high", "", ""], fontsize=8)
    ax.set_xlabel("position in the published range (grey; each side scaled to its half-width; beyond ±4 drawn at the edge)\n"
                  "dot and bar: simulated value and its 95% Monte Carlo interval", fontsize=8)
    inside = sum(r["inside"] == "true" for r in rows)
    computed = sum(bool(r["simulated"]) for r in rows)
    ax.set_title(f"{title}: {inside} of {computed} targets inside their published range", fontsize=10, loc="left")
    fig.tight_layout(rect=(0, 0, 0.86, 1))
    fig.savefig(prefix + ".png", dpi=130)
    fig.savefig(prefix + ".svg")
    print(f"wrote {prefix}.png\nwrote {prefix}.svg")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("table")
    parser.add_argument("-o", "--output", required=True, help="output prefix")
    parser.add_argument("--title", default="targets")
    args = parser.parse_args()
    draw(rows_of(args.table), args.output, args.title)


if __name__ == "__main__":
    main()
