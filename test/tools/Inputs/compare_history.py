"""compare_history.py A.csv B.csv TOLERANCE: the histories of two dlc train
runs (every column but `seconds`) agree within TOLERANCE, relative to each
value (at least 1); exits 1 with the first difference otherwise."""
import csv
import sys


def rows(path):
    with open(path) as f:
        return list(csv.DictReader(f))


a, b, tolerance = rows(sys.argv[1]), rows(sys.argv[2]), float(sys.argv[3])
if len(a) != len(b):
    sys.exit(f"{len(a)} rows against {len(b)}")
for left, right in zip(a, b):
    for column, value in left.items():
        if column == "seconds":
            continue
        x, y = float(value), float(right[column])
        if abs(x - y) > tolerance * max(1.0, abs(x)):
            sys.exit(f"epoch {left['epoch']}: {column} {x} against {y}")
