"""Tests of scripts/monitoring_statistics.py on made-up event tables whose answers are known.

    /usr/bin/python3 -m unittest discover -s tests/scripts -p 'test_monitoring_statistics.py' -v
"""

import sys
import unittest

import numpy as np

from repop_test_support import SCRIPTS

sys.path.insert(0, SCRIPTS)
import monitoring_statistics as ms  # noqa: E402


def events_of(patient, found_by_schedule, lead_by_schedule=None, since=None):
    patient = np.asarray(patient)
    lead_by_schedule = lead_by_schedule or {s: np.where(f, 10.0, 0.0) for s, f in found_by_schedule.items()}
    return {"patient": patient,
            "since_infusion_day": np.asarray(since, dtype=float) if since is not None else np.zeros(patient.size),
            "found": {s: np.asarray(f, dtype=bool) for s, f in found_by_schedule.items()},
            "lead": {s: np.asarray(v, dtype=float) for s, v in lead_by_schedule.items()}}


class WeightedMedian(unittest.TestCase):
    def test_unit_weights_give_the_lower_median(self):
        rng = np.random.default_rng(1)
        for n in (1, 2, 5, 10, 11):
            values = rng.normal(size=n)
            median = ms.weighted_lower_median(values, np.ones((1, n)))[0]
            self.assertEqual(median, np.sort(values)[(n - 1) // 2])

    def test_weights_repeat_values(self):
        # 1 twice, 5 once, 9 once: [1, 1, 5, 9] has lower median 1; with 9 three times [1, 5, 9, 9, 9]: 9.
        values = np.array([9.0, 1.0, 5.0])
        self.assertEqual(ms.weighted_lower_median(values, np.array([[1.0, 2.0, 1.0]]))[0], 1.0)
        self.assertEqual(ms.weighted_lower_median(values, np.array([[3.0, 1.0, 1.0]]))[0], 9.0)
        self.assertTrue(np.isnan(ms.weighted_lower_median(values, np.zeros((1, 3)))[0]))


class Resampling(unittest.TestCase):
    def test_weights_draw_the_cohort_size(self):
        rng = np.random.default_rng(2)
        patients = np.array([3, 3, 7, 9])
        w = ms.patient_weights(patients, 20, 500, rng)
        self.assertEqual(w.shape, (500, 4))
        np.testing.assert_array_equal(w[:, 0], w[:, 1])  # a patient's events stay together
        # Each patient is drawn Binomial(20, 1/20) times: mean 1.
        self.assertAlmostEqual(float(w[:, 2].mean()), 1.0, delta=0.15)

    def test_share_interval_matches_the_binomial_one(self):
        # 2,000 patients with one case each, 600 found: the bootstrap interval of the share is close to
        # the normal interval p +- 1.96 sqrt(p (1 - p) / n).
        n, found = 2000, 600
        events = events_of(np.arange(n), {"a": np.arange(n) < found})
        result = ms.yield_with_intervals(events, ["a"], {"a": 5000}, n)["a"]
        p = found / n
        half = 1.96 * np.sqrt(p * (1 - p) / n)
        self.assertEqual(result["share"], p)
        self.assertAlmostEqual(result["share_ci"][0], p - half, delta=0.25 * half)
        self.assertAlmostEqual(result["share_ci"][1], p + half, delta=0.25 * half)
        # Tests held fixed: the interval of tests per case found is the tests over the found count's interval.
        self.assertEqual(result["tests_per_found"], 5000 / found)
        self.assertLess(result["tests_per_found_ci"][0], 5000 / found)
        self.assertGreater(result["tests_per_found_ci"][1], 5000 / found)

    def test_identical_schedules_differ_by_exactly_nothing(self):
        rng = np.random.default_rng(3)
        found = rng.random(300) < 0.4
        events = events_of(rng.integers(0, 200, 300), {"a": found, "b": found.copy()})
        result = ms.yield_with_intervals(events, ["a", "b"], {"a": 100, "b": 100}, 200)
        self.assertEqual(result["b"]["share_difference"], 0.0)
        self.assertEqual(result["b"]["share_difference_ci"], (0.0, 0.0))
        self.assertEqual(result["b"]["lead_difference_ci"], (0.0, 0.0))

    def test_paired_difference_is_tighter_than_the_shares(self):
        # b finds what a finds and 10% more of the rest: the paired difference is known much more
        # precisely than either share.
        rng = np.random.default_rng(4)
        a = rng.random(1000) < 0.5
        b = a | (rng.random(1000) < 0.1)
        events = events_of(np.arange(1000), {"a": a, "b": b})
        r = ms.yield_with_intervals(events, ["a", "b"], {"a": 1, "b": 1}, 1000)["b"]
        self.assertAlmostEqual(r["share_difference"], (b.sum() - a.sum()) / 1000)
        width = r["share_difference_ci"][1] - r["share_difference_ci"][0]
        self.assertLess(width, 0.6 * (r["share_ci"][1] - r["share_ci"][0]))
        self.assertGreater(r["share_difference_ci"][0], 0.0)

    def test_no_case_found_has_no_upper_end(self):
        events = events_of(np.arange(3), {"a": [True, False, False]})
        r = ms.yield_with_intervals(events, ["a"], {"a": 900}, 50)["a"]
        self.assertEqual(r["tests_per_found"], 900.0)
        self.assertEqual(r["tests_per_found_ci"][1], float("inf"))  # some resamples miss the one found case


class ByTimeSinceInfusion(unittest.TestCase):
    def test_shares_per_window(self):
        since = [10, 100, 400, 500, 800, 2000, np.nan]
        found = [True, False, True, True, False, False, True]
        events = events_of(np.arange(7), {"a": found}, since=since)
        r = ms.yield_by_time_since_infusion(events, ["a"], 7, [0.0, 365.0, 730.0, float("inf")])
        np.testing.assert_array_equal(r["cases"], [2, 2, 2])  # the case before any infusion is in none
        np.testing.assert_array_equal(r["a"]["share"], [0.5, 1.0, 0.0])
        self.assertTrue(np.all(r["a"]["low"] <= r["a"]["share"]) and np.all(r["a"]["share"] <= r["a"]["high"]))


if __name__ == "__main__":
    unittest.main()
