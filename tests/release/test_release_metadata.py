"""The version is set once (project(VERSION) and REPOP_RELEASE_DATE in CMakeLists.txt) and every
other place that states it agrees: CITATION.cff, CHANGELOG.md, `repop --version`, and what an output
file and a summary JSON say about the program that wrote them and how to cite it.

    REPOP_BINARY=build/repop /usr/bin/python3 tests/release/test_release_metadata.py -v
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import unittest

import h5py

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts"))
from repop_test_support import BINARY, ROOT, cmake_setting, project_version  # noqa: E402

SEMVER = r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"


def read(name):
    with open(os.path.join(ROOT, name), encoding="utf-8") as f:
        return f.read()


VERSION = project_version()
DATE = cmake_setting(r"set\(REPOP_RELEASE_DATE (\S+)\)")


def repop(*args, cwd=None):
    result = subprocess.run([os.path.abspath(BINARY), *args], capture_output=True, text=True, timeout=300, cwd=cwd)
    if result.returncode != 0:
        raise AssertionError(f"repop {' '.join(args)} exited {result.returncode}: {result.stderr}")
    return result.stdout


class ReleaseMetadata(unittest.TestCase):
    def test_the_version_is_semantic_and_the_date_a_date(self):
        self.assertRegex(VERSION, f"^{SEMVER}$")
        self.assertRegex(DATE, r"^\d{4}-\d{2}-\d{2}$")

    def test_citation_file_states_the_version_and_date(self):
        cff = read("CITATION.cff")
        self.assertIn("cff-version: 1.2.0", cff)
        self.assertRegex(cff, rf'(?m)^version: "{re.escape(VERSION)}"$')
        self.assertRegex(cff, rf'(?m)^date-released: "{DATE}"$')
        self.assertRegex(cff, r"(?m)^license: Apache-2.0$")

    def test_changelog_has_the_version_with_its_date_and_an_unreleased_section(self):
        changelog = read("CHANGELOG.md")
        self.assertIn("## [Unreleased]", changelog)
        self.assertIn(f"## [{VERSION}] - {DATE}", changelog)

    def test_licence_is_apache_2(self):
        licence = read("LICENSE")
        self.assertIn("Apache License", licence)
        self.assertIn("Version 2.0, January 2004", licence)

    def test_version_flag(self):
        lines = repop("--version").splitlines()
        self.assertTrue(lines[0].startswith(f"repop {VERSION} ({DATE}, commit "), lines[0])
        models = dict(item.rsplit(" ", 1) for item in lines[1].removeprefix("models: ").split(", "))
        self.assertIn("alz-ref-1", models)
        for name, version in models.items():
            self.assertRegex(version, f"^{SEMVER}$", name)
        self.assertTrue(lines[2].startswith("cite: ") and VERSION in lines[2], lines[2])

    def test_output_files_say_what_wrote_them_and_how_to_cite_it(self):
        with tempfile.TemporaryDirectory() as folder:
            repop("run", os.path.join(ROOT, "scenarios", "reference", "alz-ref-1-bench.yaml"), "--patients", "20",
                  "--threads", "1", "-o", "bench.h5", "--summary-json", "bench.json", cwd=folder)
            with h5py.File(os.path.join(folder, "bench.h5"), "r") as f:
                attributes = {k: (v.decode() if isinstance(v, bytes) else str(v)) for k, v in f.attrs.items()}
            with open(os.path.join(folder, "bench.json"), encoding="utf-8") as f:
                software = json.load(f)["software"]
        self.assertEqual(attributes["engine_version"], VERSION)
        self.assertIn(f"version {VERSION}", attributes["citation"])
        self.assertRegex(attributes["model_versions"], rf"alz-ref-1 {SEMVER}")
        self.assertEqual(software["version"], VERSION)
        self.assertEqual(software["release_date"], DATE)
        self.assertEqual(software["citation"], attributes["citation"])


if __name__ == "__main__":
    unittest.main()
