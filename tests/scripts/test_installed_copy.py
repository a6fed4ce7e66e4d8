"""repop installed with `cmake --install` and then moved finds its scripts and data beside itself:
`report`, `figure` and `check-targets` (with its figure) work from the moved copy, in a folder
outside the source tree, and the program holds no path into the source tree.

    REPOP_BINARY=build/repop /usr/bin/python3 -m unittest tests/scripts/test_installed_copy.py -v
"""

import os
import shutil
import tempfile
import unittest

from repop_test_support import BINARY, ROOT, run

BUILD = os.path.dirname(os.path.abspath(BINARY))


class InstalledCopy(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not os.path.isfile(os.path.join(BUILD, "CMakeCache.txt")) or shutil.which("cmake") is None:
            raise unittest.SkipTest(f"{BUILD} is not a CMake build folder")
        cls.work = tempfile.mkdtemp(prefix="repop-install-test-")
        installed = os.path.join(cls.work, "prefix")
        run(["cmake", "--install", BUILD, "--prefix", installed])
        cls.prefix = os.path.join(cls.work, "moved", "elsewhere")
        os.makedirs(os.path.dirname(cls.prefix))
        os.rename(installed, cls.prefix)  # nothing may point to where it was installed
        cls.repop = os.path.join(cls.prefix, "bin", "repop")
        cls.folder = os.path.join(cls.work, "outside")
        os.mkdir(cls.folder)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.work, ignore_errors=True)

    def test_the_layout(self):
        for path in ("bin/repop", "share/repop/scripts/report.py", "share/repop/scripts/teaching_figure.py",
                     "share/repop/scripts/targets_figure.py", "share/repop/calibration/targets.yaml",
                     "share/doc/repop/README.md", "share/doc/repop/scenarios/typical-patient.yaml"):
            self.assertTrue(os.path.isfile(os.path.join(self.prefix, path)), path)

    def test_no_source_tree_path_in_the_program(self):
        with open(BINARY, "rb") as f:
            program = f.read()
        for folder in ("scripts", "calibration"):
            self.assertNotIn(os.path.join(ROOT, folder).encode(), program)

    def test_report_and_figure(self):
        scenario = os.path.join(self.prefix, "share", "doc", "repop", "scenarios", "typical-patient.yaml")
        run([self.repop, "run", scenario, "-o", "typical.h5"], cwd=self.folder)
        result = run([self.repop, "report", "typical.h5"], cwd=self.folder)
        self.assertIn("wrote typical.html", result.stdout)
        run([self.repop, "figure", "typical.h5"], cwd=self.folder)
        for name in ("typical.html", "typical.png", "typical.svg"):
            self.assertGreater(os.path.getsize(os.path.join(self.folder, name)), 10000, name)

    def test_check_targets_with_its_default_targets_and_figure(self):
        result = run([self.repop, "check-targets", "--patients", "10", "--model", "alz-ref-1", "--threads", "1",
                      "--figure", "targets"], cwd=self.folder)
        self.assertIn("computed targets inside their published range", result.stdout)
        for name in ("targets.csv", "targets.png", "targets.svg"):
            self.assertTrue(os.path.isfile(os.path.join(self.folder, name)), name)


if __name__ == "__main__":
    unittest.main()
