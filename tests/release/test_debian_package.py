"""The Debian package CPack builds: its dependencies are Debian packages, and repop unpacked from it
runs a scenario, a report and a figure from a folder outside the source tree, finding its scripts
beside itself.

    REPOP_BINARY=build/repop /usr/bin/python3 tests/release/test_debian_package.py -v
"""

import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts"))
from repop_test_support import BINARY, ROOT, project_version, run  # noqa: E402

BUILD = os.path.dirname(os.path.abspath(BINARY))


def output(args, cwd=None):
    return run(args, cwd=cwd).stdout


class DebianPackage(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not os.path.isfile(os.path.join(BUILD, "CPackConfig.cmake")) or shutil.which("dpkg-deb") is None:
            raise unittest.SkipTest(f"{BUILD} has no CPack configuration, or dpkg-deb is missing")
        cls.work = tempfile.mkdtemp(prefix="repop-package-test-")
        out = os.path.join(cls.work, "out")
        run(["cpack", "-G", "DEB", "--config", os.path.join(BUILD, "CPackConfig.cmake"), "-B", out])
        debs = glob.glob(os.path.join(out, "repop_*.deb"))
        if len(debs) != 1:
            raise AssertionError(f"cpack wrote {debs}, not one repop_*.deb")
        cls.deb = debs[0]
        cls.root = os.path.join(cls.work, "root")
        run(["dpkg-deb", "-x", cls.deb, cls.root])
        cls.repop = os.path.join(cls.root, "usr", "bin", "repop")
        cls.folder = os.path.join(cls.work, "elsewhere")
        os.mkdir(cls.folder)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.work, ignore_errors=True)

    def field(self, name):
        return output(["dpkg-deb", "-f", self.deb, name]).strip()

    def test_name_version_and_file_name(self):
        version = project_version()
        self.assertEqual(self.field("Package"), "repop")
        self.assertEqual(self.field("Version"), version)
        self.assertEqual(os.path.basename(self.deb), f"repop_{version}_{self.field('Architecture')}.deb")

    def test_every_dependency_is_an_installed_debian_package(self):
        depends = [d.strip() for d in self.field("Depends").split(",")]
        names = [re.split(r"[\s(]", d)[0] for d in depends]
        for needed in ("libtbb12", "libhdf5-103-1", "libyaml-cpp0.7", "libnlopt0", "python3-matplotlib",
                       "python3-h5py", "python3-numpy", "python3-yaml"):
            self.assertIn(needed, names)
        for name in names:
            status = subprocess.run(["dpkg-query", "-W", "-f", "${Status}", name], capture_output=True, text=True)
            self.assertEqual(status.stdout, "install ok installed", f"{name} is not a Debian package installed here")

    def test_the_package_holds_the_program_its_scripts_and_the_documents(self):
        for path in ("usr/bin/repop", "usr/share/repop/scripts/report.py", "usr/share/repop/scripts/teaching_figure.py",
                     "usr/share/repop/calibration/targets.yaml", "usr/share/doc/repop/LICENSE",
                     "usr/share/doc/repop/CITATION.cff", "usr/share/doc/repop/CHANGELOG.md",
                     "usr/share/doc/repop/docs/index.md", "usr/share/doc/repop/models/alz-ref-1/README.md",
                     "usr/share/doc/repop/models/alz-cal-1/parameters.yaml",
                     "usr/share/doc/repop/scenarios/typical-patient.yaml"):
            self.assertTrue(os.path.isfile(os.path.join(self.root, path)), path)

    def test_version_names_the_models_and_how_to_cite(self):
        text = output([self.repop, "--version"])
        self.assertTrue(text.startswith(f"repop {project_version()} ("), text)
        self.assertRegex(text, r"models: alz-ref-1 \d+\.\d+\.\d+")
        self.assertIn("cite: ", text)

    def test_run_report_and_figure_from_any_folder(self):
        examples = os.path.join(self.root, "usr", "share", "doc", "repop", "scenarios")
        run([self.repop, "run", os.path.join(examples, "typical-patient.yaml"), "-o", "typical.h5"], cwd=self.folder)
        run([self.repop, "figure", "typical.h5", "-o", "typical"], cwd=self.folder)
        run([self.repop, "run", os.path.join(examples, "retreatment-policies.yaml"), "--patients", "60",
             "--threads", "2", "-o", "policies.h5"], cwd=self.folder)
        run([self.repop, "report", "policies.h5", "-o", "policies.html"], cwd=self.folder)
        for name in ("typical.png", "typical.svg", "policies.html"):
            self.assertGreater(os.path.getsize(os.path.join(self.folder, name)), 10000, name)
        with open(os.path.join(self.folder, "policies.html"), encoding="utf-8") as f:
            self.assertIn("CITATION.cff", f.read())
        with open(os.path.join(self.folder, "typical.png"), "rb") as f:
            self.assertIn(b"CITATION.cff", f.read())  # the PNG's text chunk

    def test_the_python_module_runs_from_the_package(self):
        found = glob.glob(os.path.join(self.root, "usr", "lib", "python3*", "dist-packages", "repop", "__init__.py"))
        self.assertEqual(len(found), 1, found)
        packages = os.path.dirname(os.path.dirname(found[0]))
        example = os.path.join(self.root, "usr", "share", "doc", "repop", "scenarios", "typical-patient.yaml")
        program = ("import repop, sys; r = repop.run(sys.argv[1], progress=False); "
                   "print(repop.__file__); print(float(r.trajectories['CD4'].isel(patient=0, time=-1))); "
                   "print(len(repop.check_targets('alz-ref-1', patients=5, progress=False)))")
        env = dict(os.environ, PYTHONPATH=packages, PYTHONNOUSERSITE="1")
        done = subprocess.run(["/usr/bin/python3", "-S", "-c", f"import sys; sys.path.append('/usr/lib/python3/dist-packages'); {program}",
                               example], capture_output=True, text=True, env=env, cwd=self.folder)
        self.assertEqual(done.returncode, 0, done.stderr)
        module_file, cd4, targets = done.stdout.split()
        self.assertTrue(module_file.startswith(packages), module_file)
        self.assertGreater(float(cd4), 0.0)
        self.assertGreater(int(targets), 10)  # the package's targets file, found beside the module


if __name__ == "__main__":
    unittest.main()
