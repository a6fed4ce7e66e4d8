#!/usr/bin/python3
"""check_include_direction.py on small trees built here: one in order, and one with each kind of
include against the direction, which must fail naming file and line."""
import os
import subprocess
import sys
import tempfile
import unittest

CHECKER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "check_include_direction.py")


def write_tree(root, files):
    for path, text in files.items():
        full = os.path.join(root, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", encoding="utf-8") as f:
            f.write(text)


def check(root):
    return subprocess.run([sys.executable, CHECKER, root], capture_output=True, text=True)


IN_ORDER = {
    "engine/core/error.hpp": "#pragma once\n#include <string>\n",
    "engine/model/declarations.hpp": '#pragma once\n#include "core/error.hpp"\n',
    "engine/cohort/runner.cpp": '#include "cohort/runner.hpp"\n#include "model/declarations.hpp"\n',
    "engine/cohort/runner.hpp": "#pragma once\n",
    "engine/cli/main.cpp": '#include "io/scenario.hpp"\n#include "calibration/fit.hpp"\n',
    "models/m-1/m_1_model.cpp": '#include "m_1_model.hpp"\n#include "solve/segment.hpp"\n#include "model/declarations.hpp"\n',
    "models/m-2/m_2_model.cpp": '#include "m-1/m_1_model.hpp"\n#include "hazard/infection.hpp"\n',
    "models/models.cpp": '#include "m-1/m_1_model.hpp"\n#include "model/model_registry.hpp"\n',
}


class IncludeDirection(unittest.TestCase):
    def test_a_tree_in_order_passes(self):
        with tempfile.TemporaryDirectory() as root:
            write_tree(root, IN_ORDER)
            result = check(root)
            self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
            self.assertEqual(result.stdout, "")

    def test_every_include_against_the_direction_fails_with_its_file_and_line(self):
        wrong = dict(IN_ORDER)
        wrong["engine/cohort/runner.cpp"] = '#include "cohort/runner.hpp"\n\n#include "io/scenario.hpp"\n'
        wrong["engine/core/error.hpp"] = '#pragma once\n#include "alz-ref-1/alz_ref_1_model.hpp"\n'
        wrong["models/m-1/m_1_model.cpp"] = '#include "m_1_model.hpp"\n#include "calibration/model_variant.hpp"\n'
        with tempfile.TemporaryDirectory() as root:
            write_tree(root, wrong)
            result = check(root)
            self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
            lines = result.stdout.splitlines()
            self.assertEqual(len(lines), 3, result.stdout)
            self.assertIn(os.path.join("engine", "cohort", "runner.cpp") + ':3: includes "io/scenario.hpp": io/ is a '
                          "layer above cohort/", result.stdout)
            self.assertIn(os.path.join("engine", "core", "error.hpp") + ":2: ", result.stdout)
            self.assertIn("engine/ never includes models/", result.stdout)
            self.assertIn(os.path.join("models", "m-1", "m_1_model.cpp") + ':2: includes "calibration/model_variant.hpp"',
                          result.stdout)
            self.assertIn("3 includes against the layering", result.stderr)

    def test_a_file_outside_the_layers_fails(self):
        with tempfile.TemporaryDirectory() as root:
            write_tree(root, dict(IN_ORDER, **{"engine/extras/tool.cpp": '#include "core/error.hpp"\n'}))
            result = check(root)
            self.assertEqual(result.returncode, 1)
            self.assertIn(os.path.join("engine", "extras", "tool.cpp") + ":1: is in engine/extras/, which is not a layer",
                          result.stdout)

    def test_a_root_without_engine_is_refused(self):
        with tempfile.TemporaryDirectory() as root:
            result = check(root)
            self.assertEqual(result.returncode, 2)
            self.assertIn("has no engine/ folder", result.stderr)


if __name__ == "__main__":
    unittest.main()
