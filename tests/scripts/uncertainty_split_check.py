"""The variance split of an uncertainty run against a brute-force nested run.

An uncertainty run of K draws of the thyroid hazard scale, each on a small cohort, splits the
variance across draws of each figure into a parameter part and a Monte Carlo part (law of total
variance: Var Y = E Var(Y | θ) + Var E(Y | θ)).

- Brute force: each draw's value runs again as an ordinary cohort ten times as large, whose
  thyroid rate is E[Y | θ_d] up to a tenth of the Monte Carlo variance; the variance of those
  across the same draws is the parameter variance the split estimates. They must agree within 3
  standard errors of the split's estimate, whose error comes from the small cohorts' noise:
  SE² ≈ (2·V_mc² + 4·V_par·V_mc) / (K − 1).
- A figure the parameter does not touch (infections): its scatter across draws is Monte Carlo
  noise alone, so the total variance over the Monte Carlo part (the mean of the draws' SE²) is a
  χ²(K − 1)/(K − 1) variable: within its 0.1% and 99.9% quantiles.
"""

import json
import math
import os
import tempfile
import unittest

from repop_test_support import BINARY, run

DRAWS = 24
SMALL, LARGE = 100, 1000
CHI2_23_LOW, CHI2_23_HIGH = 8.08, 49.73  # 0.1% and 99.9% quantiles of χ² with 23 degrees of freedom

SCENARIO = """schema_version: 1
model: alz-cal-2
horizon_days: 730
output: {{step_days: 365, file: {file}}}
cohort: {{patients: {patients}, seed: {seed}}}
events: {{table: false}}
{extra}
"""


def write(folder, name, text):
    path = os.path.join(folder, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def run_json(folder, name, text):
    path = write(folder, name + ".yaml", text)
    out = os.path.join(folder, name + ".json")
    run([BINARY, "run", path, "--summary-json", out, "--progress", "0"], cwd=folder)
    with open(out) as f:
        return json.load(f)


class UncertaintySplit(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.TemporaryDirectory()
        extra = ("uncertainty:\n  draws: %d\n  parameters:\n"
                 "    - {parameter: lambda_thy, distribution: log_uniform, low: 0.0005, high: 0.008}\n" % DRAWS)
        cls.block = run_json(cls.folder.name, "u", SCENARIO.format(file="u.h5", patients=SMALL, seed=3,
                                                                   extra=extra))["uncertainty"]

    @classmethod
    def tearDownClass(cls):
        cls.folder.cleanup()

    def test_draws_are_recorded_within_their_range(self):
        self.assertEqual(self.block["draws"], DRAWS)
        self.assertEqual(self.block["patients_per_draw"], SMALL)
        values = self.block["parameters"]["lambda_thy"]
        self.assertEqual(len(values), DRAWS)
        self.assertTrue(all(0.0005 <= v <= 0.008 for v in values))

    def test_parameter_variance_matches_a_nested_run(self):
        split = self.block["figures"]["/events/thyroid/rate_per_100_patient_years"]
        conditional, conditional_se = [], []
        for d, value in enumerate(self.block["parameters"]["lambda_thy"]):
            plain = SCENARIO.format(file=f"d{d}.h5", patients=LARGE, seed=1000 + d,
                                    extra=f"parameters: {{lambda_thy: {value!r}}}")
            thyroid = run_json(self.folder.name, f"d{d}", plain)["events"]["thyroid"]
            conditional.append(thyroid["rate_per_100_patient_years"])
            conditional_se.append(thyroid["rate_se"])
        mean = sum(conditional) / DRAWS
        between = sum((x - mean) ** 2 for x in conditional) / (DRAWS - 1)
        truth = between - sum(s * s for s in conditional_se) / DRAWS  # the large runs' own noise removed
        estimate, monte_carlo = split["sd_parameter"] ** 2, split["sd_monte_carlo"] ** 2
        tolerance = 3.0 * math.sqrt((2.0 * monte_carlo ** 2 + 4.0 * truth * monte_carlo) / (DRAWS - 1))
        self.assertGreater(truth, 2.0 * monte_carlo, "the case must be one where parameters matter")
        self.assertLess(abs(estimate - truth), tolerance,
                        f"parameter variance {estimate:.4g} from the split, {truth:.4g} brute force "
                        f"(tolerance {tolerance:.3g}; Monte Carlo part {monte_carlo:.4g})")
        # The parts add up to the whole, and the interval of the draws holds nearly all of them.
        total = split["sd_total"] ** 2
        self.assertAlmostEqual(estimate + monte_carlo, total, delta=1e-9 * total)
        inside = sum(split["interval_low"] <= v <= split["interval_high"] for v in split["per_draw"])
        self.assertGreaterEqual(inside, DRAWS - 2)

    def test_scatter_of_an_untouched_figure_is_its_monte_carlo_error(self):
        split = self.block["figures"]["/events/infection/rate_per_100_patient_years"]
        ratio = (DRAWS - 1) * split["sd_total"] ** 2 / split["sd_monte_carlo"] ** 2
        self.assertGreater(ratio, CHI2_23_LOW)
        self.assertLess(ratio, CHI2_23_HIGH)


if __name__ == "__main__":
    unittest.main()
