"""Covariate tables (`population.covariates_csv`) as real tools write them, and broken ones.

Three dialects of the same twelve patients: R's write.csv (quoted header, row.names = FALSE),
Excel's "CSV UTF-8" (byte order mark, CRLF line ends) and pandas' to_csv(index=False) (plain,
floats with a point). `mutate_table` breaks one in a way a user's file can be broken: odd cells
(nan, NA, inf, 1e309, empty, hex, spaces, quotes), header faults (a column twice, missing,
unknown, quoted differently), ragged rows, blank lines, other delimiters, encodings, truncation.
"""

import random

COLUMNS = ["age", "sex", "fam", "smk", "CD4_0", "CD8_0", "CD19_0"]


def _patients():
    """Twelve plausible patients (covariates inside the model's bounds), always the same."""
    rng = random.Random(12)
    rows = []
    for _ in range(12):
        rows.append([round(rng.uniform(18, 55), 1), rng.choice([0, 1]), int(rng.random() < 0.15),
                     int(rng.random() < 0.25), round(rng.uniform(450, 1400)), round(rng.uniform(200, 900)),
                     round(rng.uniform(90, 600))])
    return rows


def r_write_csv():
    """write.csv(d, "covariates.csv", row.names = FALSE): quoted names, numbers as R prints them."""
    lines = [",".join('"%s"' % c for c in COLUMNS)]
    for row in _patients():
        lines.append(",".join("%g" % v for v in row))
    return ("\n".join(lines) + "\n").encode("utf-8")


def excel_csv_utf8():
    """Excel's "CSV UTF-8 (Comma delimited)": a byte order mark and CRLF after every line."""
    lines = [",".join(COLUMNS)] + [",".join("%g" % v for v in row) for row in _patients()]
    return b"\xef\xbb\xbf" + ("\r\n".join(lines) + "\r\n").encode("utf-8")


def pandas_to_csv():
    """DataFrame.to_csv(index=False) of float columns: 35.0, 1.0, no quotes, LF."""
    lines = [",".join(COLUMNS)] + [",".join(repr(float(v)) for v in row) for row in _patients()]
    return ("\n".join(lines) + "\n").encode("utf-8")


DIALECTS = {"R write.csv": r_write_csv, "Excel CSV UTF-8": excel_csv_utf8, "pandas to_csv": pandas_to_csv}

ODD_CELLS = [b"nan", b"NaN", b"NA", b"", b" ", b" 34", b"34 ", b'"34"', b"inf", b"-inf", b"1e309", b"-1e309",
             b"0x22", b"34.5.6", b"-0", b"1e-320", b"abc", b"\xb5", b"99999999", b"-5", b"1e5", b"0.5",
             b"\x00", b"TRUE", b"1,5", b'"', b"\t34"]


def _split(data):
    """(byte order mark, lines, line end) of a table."""
    bom = b"\xef\xbb\xbf" if data.startswith(b"\xef\xbb\xbf") else b""
    body = data[len(bom):]
    end = b"\r\n" if b"\r\n" in body else b"\n"
    lines = body.split(end)
    if lines and lines[-1] == b"":
        lines.pop()
    return bom, lines, end


def mutate_table(data, rng):
    """One change to a covariate table; returns (bytes, what)."""
    bom, lines, end = _split(data)
    kind = rng.choice(["cell", "cell", "cell", "header", "ragged", "blank", "delimiter", "encoding", "file"])
    if kind == "cell" and len(lines) > 1:
        row = rng.randrange(1, len(lines))
        cells = lines[row].split(b",")
        column = rng.randrange(len(cells))
        cells[column] = rng.choice(ODD_CELLS)
        lines[row] = b",".join(cells)
        what = "row %d column %d = %r" % (row, column + 1, cells[column])
    elif kind == "header":
        cells = lines[0].split(b",")
        change = rng.choice(["twice", "missing", "unknown", "case", "spaces", "quotes", "parameter", "empty"])
        column = rng.randrange(len(cells))
        if change == "twice":
            cells[column] = cells[(column + 1) % len(cells)]
        elif change == "missing":
            del cells[column]
        elif change == "unknown":
            cells[column] = b"weight_kg"
        elif change == "case":
            cells[column] = cells[column].upper()
        elif change == "spaces":
            cells[column] = b" " + cells[column] + b" "
        elif change == "quotes":
            cells[column] = b"'" + cells[column].strip(b'"') + b"'"
        elif change == "parameter":
            cells[column] = b"dose_mg"
        else:
            cells[column] = b""
        lines[0] = b",".join(cells)
        what = "header: column %d %s" % (column + 1, change)
    elif kind == "ragged" and len(lines) > 1:
        row = rng.randrange(1, len(lines))
        if rng.random() < 0.5:
            lines[row] = lines[row].rsplit(b",", 1)[0]
            what = "row %d has a value too few" % row
        else:
            lines[row] += b",1"
            what = "row %d has a value too many" % row
    elif kind == "blank":
        at = rng.randrange(1, len(lines) + 1)
        lines.insert(at, rng.choice([b"", b" ", b",,,,,,", b"\t"]))
        what = "blank-ish line %r before line %d" % (lines[at], at + 1)
    elif kind == "delimiter":
        separator = rng.choice([b";", b"\t", b"|"])
        lines = [line.replace(b",", separator) for line in lines]
        if separator == b";":
            lines = lines[:1] + [line.replace(b".", b",") for line in lines[1:]]  # European Excel
        what = "delimiter %r" % separator
    elif kind == "encoding":
        text = end.join(lines) + end
        choice = rng.choice(["utf16", "double_bom", "cr_only", "mixed_ends", "latin1_header"])
        if choice == "utf16":
            return text.decode("utf-8", "replace").encode("utf-16"), "UTF-16"
        if choice == "double_bom":
            return b"\xef\xbb\xbf" + bom + text, "two byte order marks"
        if choice == "cr_only":
            return bom + b"\r".join(lines) + b"\r", "CR line ends"
        if choice == "mixed_ends":
            return bom + b"".join(line + rng.choice([b"\n", b"\r\n", b"\r"]) for line in lines), "mixed line ends"
        return bom + b"\xe2ge," + text, "a Latin-1 column name"
    else:
        choice = rng.choice(["empty", "header_only", "no_final_end", "truncated", "missing", "huge_line"])
        text = end.join(lines) + end
        if choice == "empty":
            return b"", "empty file"
        if choice == "header_only":
            return bom + lines[0] + end, "header only"
        if choice == "no_final_end":
            return bom + end.join(lines), "no line end after the last row"
        if choice == "truncated":
            position = rng.randrange(len(text) + 1)
            return bom + text[:position], "truncated to %d bytes" % position
        if choice == "missing":
            return None, "file missing"
        return bom + text + b"1" * 200000 + end, "a 200 kB line"
    return bom + end.join(lines) + end, what
