#!/usr/bin/python3
"""Draws a calibration's posterior ensemble (posterior.csv of `repop calibrate FILE --posterior`):

  PREFIX.png/.svg        every free parameter's marginal posterior, a histogram over its whole
                         prior range (log or linear, as the calibration file declares), the fit
                         marked: which parameters the targets pin and which they leave to the prior;
  PREFIX-pairs.png/.svg  the posterior correlation of every pair (on the parameters' scales) and the
                         strongest pairs drawn point by point: the trade-offs the targets allow.

Usage: scripts/posterior_figure.py POSTERIOR.csv -o PREFIX --parameter NAME,FIT,LOWER,UPPER,log|linear ...
       [--title TEXT]
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
import numpy as np  # noqa: E402

STRONGEST_PAIRS = 6


def parameter(text):
    parts = text.split(",")
    if len(parts) != 5 or parts[4] not in ("log", "linear"):
        raise argparse.ArgumentTypeError(f"'{text}', but must be NAME,FIT,LOWER,UPPER,log|linear")
    return {"name": parts[0], "fit": float(parts[1]), "lower": float(parts[2]), "upper": float(parts[3]),
            "log": parts[4] == "log"}


def read_ensemble(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    names = rows[0][1:]
    values = np.array([[float(x) for x in row[1:]] for row in rows[1:] if row])
    return names, values


def scaled(values, p):
    return np.log10(values) if p["log"] else values


def draw_marginals(names, values, parameters, prefix, title):
    columns = 7
    rows = math.ceil(len(parameters) / columns)
    fig, axes = plt.subplots(rows, columns, figsize=(2.3 * columns, 1.9 * rows + 0.8), squeeze=False)
    for k, p in enumerate(parameters):
        ax = axes[k // columns][k % columns]
        column = values[:, names.index(p["name"])]
        low, high = (math.log10(p["lower"]), math.log10(p["upper"])) if p["log"] else (p["lower"], p["upper"])
        ax.hist(scaled(column, p), bins=np.linspace(low, high, 31), color="#4a7ab5")
        ax.axvline(scaled(np.array([p["fit"]]), p)[0], color="#c0392b", linewidth=1.2)
        ax.set_xlim(low, high)
        ax.set_yticks([])
        label = p["name"].replace("_cv", " (CV)")
        ax.set_title(label + (" (log10)" if p["log"] else ""), fontsize=8)
        ax.tick_params(labelsize=6)
    for k in range(len(parameters), rows * columns):
        axes[k // columns][k % columns].axis("off")
    fig.suptitle(f"{title}: marginal posteriors over each prior range ({len(values)} sets; red: the fit)",
                 fontsize=10)
    fig.tight_layout()
    save_figure(fig, prefix, dpi=120)


def draw_pairs(names, values, parameters, prefix, title):
    data = np.column_stack([scaled(values[:, names.index(p["name"])], p) for p in parameters])
    spread = data.std(axis=0)
    varying = spread > 0
    correlation = np.full((len(parameters), len(parameters)), np.nan)
    if varying.sum() >= 2:
        correlation[np.ix_(varying, varying)] = np.corrcoef(data[:, varying], rowvar=False)
    pairs = sorted(((abs(correlation[i, j]), i, j) for i in range(len(parameters)) for j in range(i)
                    if math.isfinite(correlation[i, j])), reverse=True)[:STRONGEST_PAIRS]
    fig = plt.figure(figsize=(15, 7))
    grid = fig.add_gridspec(2, 5, width_ratios=[2.2, 2.2, 1, 1, 1])
    ax = fig.add_subplot(grid[:, :2])
    image = ax.imshow(correlation, cmap="RdBu_r", vmin=-1, vmax=1)
    labels = [p["name"].replace("_cv", " (CV)") for p in parameters]
    ax.set_xticks(range(len(labels)))
    ax.set_xticklabels(labels, rotation=70, ha="right", fontsize=7)
    ax.set_yticks(range(len(labels)))
    ax.set_yticklabels(labels, fontsize=7)
    ax.set_title("posterior correlation (log10 of log-scale parameters)", fontsize=9)
    fig.colorbar(image, ax=ax, shrink=0.7)
    for k, (_, i, j) in enumerate(pairs):
        sub = fig.add_subplot(grid[k // 3, 2 + k % 3])
        sub.scatter(data[:, j], data[:, i], s=5, alpha=0.5, color="#4a7ab5")
        sub.set_xlabel(labels[j] + (" (log10)" if parameters[j]["log"] else ""), fontsize=7)
        sub.set_ylabel(labels[i] + (" (log10)" if parameters[i]["log"] else ""), fontsize=7)
        sub.set_title(f"r = {correlation[i, j]:.2f}", fontsize=8)
        sub.tick_params(labelsize=6)
    fig.suptitle(f"{title}: pairwise posterior", fontsize=10)
    fig.tight_layout()
    save_figure(fig, prefix + "-pairs", dpi=120)


def _main(argv):
    parser = script_failure.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("posterior")
    parser.add_argument("-o", "--output", required=True, help="output prefix")
    parser.add_argument("--parameter", type=parameter, action="append", required=True)
    parser.add_argument("--title", default="posterior")
    args = parser.parse_args(argv)
    with script_failure.reading(args.posterior):
        names, values = read_ensemble(args.posterior)
    missing = [p["name"] for p in args.parameter if p["name"] not in names]
    if missing:
        raise script_failure.Failure(args.posterior, "has no column " + ", ".join(missing), script_failure.DATA_ERROR)
    draw_marginals(names, values, args.parameter, args.output, args.title)
    draw_pairs(names, values, args.parameter, args.output, args.title)
    return 0


def main(argv=None):
    return script_failure.run(lambda: _main(argv))


if __name__ == "__main__":
    raise SystemExit(main())
