#!/usr/bin/env python3
"""The floor a reviewer would write: read every report of a folder and sum each table's rows and
columns, nothing else (no template, no relations, no positions). `nianbao-bench` runs it on the
same files as `nianbao check` and prints the two side by side.

    python3 bench/floor.py FOLDER    # prints: files, tables, cells, and the grand total
"""

import os
import sys


def number(cell):
    """A cell's figure, if it is one (1,234 and blanks as people write them)."""
    cell = cell.strip().replace(",", "")
    try:
        return float(cell)
    except ValueError:
        return None


def tables(text):
    """The pipe tables of a report: lists of rows, each a list of cell strings."""
    table = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("|"):
            cells = line.strip("|").split("|")
            # The delimiter row (| --- | ---: |) holds no data.
            if all(set(c.strip()) <= set("-:") for c in cells):
                continue
            table.append(cells)
        elif table:
            yield table
            table = []
    if table:
        yield table


def main(folder):
    files = n_tables = n_cells = 0
    grand = 0.0
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(names):
            if not name.endswith(".nianbao"):
                continue
            with open(os.path.join(root, name), encoding="utf-8") as f:
                text = f.read()
            files += 1
            for table in tables(text):
                n_tables += 1
                width = max(len(row) for row in table)
                row_sums = []
                col_sums = [0.0] * width
                for row in table:
                    total = 0.0
                    for i, cell in enumerate(row):
                        value = number(cell)
                        if value is not None:
                            n_cells += 1
                            total += value
                            col_sums[i] += value
                    row_sums.append(total)
                grand += sum(row_sums) + sum(col_sums)
    print(f"{files} files, {n_tables} tables, {n_cells} figures, total {grand:.0f}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
