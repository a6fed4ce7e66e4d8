#!/usr/bin/python3
"""Assembles the teaching page: one self-contained HTML file that opens from disk, offline.

    teach_page.py --engine repop-teach-engine.js --uplot DIR --version-header version.hpp -o index.html

Puts into teach/page/index.html the page's style and script (teach/page/teach.css, teach.js), the
engine (the WebAssembly build's JavaScript with the WebAssembly inside) and uPlot (DIR: the npm
package's dist/ folder, uPlot.iife.min.js and uPlot.min.css), and the version and commit the engine
was built from. Written atomically: a failure leaves the previous page as it was.
"""
import argparse
import os
import re
import sys

from atomic_output import write_file
from script_failure import Failure

PAGE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "teach", "page")


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def inline_script(text):
    """Script text that cannot end its <script> element early."""
    return re.sub(r"</(script)", r"<\\/\1", text, flags=re.IGNORECASE)


def version_of(header):
    """(version, commit) from the build's core/version.hpp."""
    text = read(header)
    found = {name: re.search(rf'{name} = "([^"]*)"', text) for name in ("engine_version", "git_commit")}
    if not all(found.values()):
        raise ValueError(f"{header}: no engine_version or git_commit")
    return found["engine_version"].group(1), found["git_commit"].group(1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", required=True)
    parser.add_argument("--uplot", required=True, help="uPlot's dist/ folder")
    parser.add_argument("--version-header", required=True)
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args()
    try:
        version, commit = version_of(args.version_header)
        parts = {
            "UPLOT_CSS": read(os.path.join(args.uplot, "uPlot.min.css")),
            "PAGE_CSS": read(os.path.join(PAGE, "teach.css")),
            "UPLOT_JS": inline_script(read(os.path.join(args.uplot, "uPlot.iife.min.js"))),
            "ENGINE_JS": inline_script(read(args.engine)),
            "PAGE_JS": inline_script(read(os.path.join(PAGE, "teach.js"))),
            "VERSION": version,
            "COMMIT": commit,
        }
        template = read(os.path.join(PAGE, "index.html"))
    except (OSError, ValueError) as error:
        print(f"teach_page.py: {error}", file=sys.stderr)
        return 66
    # One pass over the template: text put in is not searched again.
    page = re.sub(r"@([A-Z_]+)@", lambda m: parts[m.group(1)] if m.group(1) in parts else m.group(0), template)
    try:
        write_file(args.output, page.encode("utf-8"))
    except Failure as failure:
        print(f"teach_page.py: {failure}", file=sys.stderr)
        return failure.exit_code
    return 0


if __name__ == "__main__":
    sys.exit(main())
