"""The teaching page (build/teach/index.html) in headless Chromium, driven as a user drives it:
it loads from disk with nothing from outside, draws the curves, a slider moved with the keyboard
solves the patient again within 100 ms and changes the curves, a kept patient is drawn dashed
beside the new one, another model brings its own lineages (NK cells); and the curves are the
command's numbers: `repop run` of the same patient, treatment and output days gives every value to
1e-9 relative (and 1e-12 absolute, a ten-thousandth of the solver's absolute tolerance, for the
drug long after it has gone)."""
import os
import re
import subprocess
import sys
import tempfile
import unittest

import h5py
import numpy as np
import yaml

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "scripts"))
from repop_test_support import BINARY, ROOT, run  # noqa: E402

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

PAGE = os.environ.get("REPOP_TEACH_PAGE", os.path.join(ROOT, "build", "teach", "index.html"))
RELATIVE, ABSOLUTE = 1e-9, 1e-12


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,1300",
                     # Any address the page might reach for resolves nowhere.
                     "--host-resolver-rules=MAP * ~NOTFOUND"):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


class TeachingPage(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.driver = browser()
        cls.driver.get("file://" + os.path.abspath(PAGE))
        cls.wait_solved()

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()

    @classmethod
    def wait_solved(cls):
        WebDriverWait(cls.driver, 90).until(lambda d: "Solved" in d.find_element(By.ID, "status").text)

    def hook(self, name):
        return self.driver.execute_script(f"return window.repopTeach.{name}()")

    def command_solution(self, model, request):
        """`repop run` of the page's patient: the same model, values, courses and output grid."""
        covariates = {p["name"] for p in self.hook("description")["parameters"] if p["role"] == "covariate"}
        values = request["parameters"]
        regimen = request["regimen"]
        scenario = {
            "schema_version": 1,
            "model": model,
            "patient": {k: v for k, v in values.items() if k in covariates} or "typical",
            "regimen": {"dose_mg": regimen["dose_mg"], "infusion_hours": regimen["infusion_hours"],
                        "prophylaxis_days": regimen["prophylaxis_days"],
                        "courses": [{"start_day": c["start_day"], "days": c["days"]} for c in regimen["courses"]]},
            "horizon_days": request["horizon_days"],
            "output": {"step_days": request["step_days"], "daily_after_courses_days": request["daily_after_courses_days"]},
        }
        parameters = {k: v for k, v in values.items() if k not in covariates}
        if parameters:
            scenario["parameters"] = parameters
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "patient.yaml")
            with open(path, "w") as f:
                yaml.safe_dump(scenario, f, sort_keys=False)
            run([BINARY, "run", path, "-o", os.path.join(folder, "patient.h5")])
            with h5py.File(os.path.join(folder, "patient.h5")) as f:
                return f["time"][()], {name: f["trajectories"][name][0] for name in f["trajectories"]}

    def assert_command_numbers(self):
        model, request, solution = self.hook("model"), self.hook("request"), self.hook("solution")
        self.assertEqual(solution["code"], "success")
        days, command = self.command_solution(model, request)
        np.testing.assert_array_equal(np.array(solution["days"]), days)
        values = np.array(solution["values"]).reshape(len(days), -1)
        self.assertEqual(set(solution["names"]), set(command))
        for j, name in enumerate(solution["names"]):
            np.testing.assert_allclose(values[:, j], command[name], rtol=RELATIVE, atol=ABSOLUTE, err_msg=f"{model} {name}")
        return values

    def test_1_loads_offline_and_draws(self):
        with open(PAGE, encoding="utf-8") as f:
            html = f.read()
        self.assertIsNone(re.search(r"""<(script|link|img)[^>]+(src|href)=["']?(https?:)?//""", html, re.IGNORECASE))
        series = self.hook("seriesDrawn")
        self.assertIn("CD4 T cells", series["chart-counts"])
        self.assertIn("concentration", series["chart-drug"])
        self.assertTrue(any(label.startswith("thyroid") for label in series["chart-events"]))
        caption = self.driver.find_element(By.ID, "caption-counts").text
        self.assertRegex(caption, r"CD4 T cells fall to [0-9.]+ cells/µL on day")
        self.assertEqual(self.driver.find_element(By.ID, "model").get_attribute("value"), "alz-ref-1")

    def test_2_a_slider_solves_again_fast_and_the_numbers_are_the_commands(self):
        before = self.assert_command_numbers()
        self.driver.find_element(By.ID, "keep").click()
        slider = self.driver.find_element(By.ID, "k-kT4")
        slider.send_keys(Keys.RIGHT * 15)  # a faster CD4 kill, as a user's arrow keys move it
        request = self.hook("request")
        self.assertGreater(request["parameters"]["kT4"], 0.22)
        self.assertLess(self.hook("milliseconds"), 100.0)
        after = self.assert_command_numbers()
        self.assertFalse(np.array_equal(before, after))
        self.assertIn("CD4 T cells, kept", self.hook("seriesDrawn")["chart-counts"])

    def test_3_treatment_and_patient_sliders(self):
        self.driver.find_element(By.ID, "r-count").send_keys(Keys.RIGHT)  # a third course
        self.driver.find_element(By.ID, "p-age").send_keys(Keys.RIGHT * 10)
        request = self.hook("request")
        self.assertEqual(len(request["regimen"]["courses"]), 3)
        self.assertEqual(request["parameters"]["age"], 45)
        self.assert_command_numbers()

    def test_4_another_model_brings_its_lineages(self):
        Select(self.driver.find_element(By.ID, "model")).select_by_value("alz-cal-2")
        self.wait_solved()
        self.assertIn("NK cells", self.hook("seriesDrawn")["chart-counts"])
        self.driver.find_element(By.ID, "p-NK_0").send_keys(Keys.LEFT * 20)
        self.assert_command_numbers()


if __name__ == "__main__":
    unittest.main()
