"""`make bench`: what each cleaner costs, and the real CLI on synthetic districts against the
floor (a plain csv.reader -> csv.writer copy of the same input files, in the same run).

Prints numbers; asserts nothing (targets are read by people, not by the test suite).
Usage: python -m benchmarks.run [STUDENTS ...]   (default 10000 100000; 1000000 is opt-in)
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.synthetic import write_district
from transform.cleaners import REGISTRY, CleanerSettings

VALUES = 100_000


def sample_values(rnd: random.Random) -> dict[str, list[str]]:
    words = ["Ann", 'Robert "Rob"', "  Mary  Jo ", "Smith, Jr.", "José", "O'Brien"]
    return {
        "text": [rnd.choice(words) for _ in range(VALUES)],
        "name_given": [f"{rnd.choice(words)}, {rnd.choice(words)}" for _ in range(VALUES)],
        "id": [f"{rnd.randrange(10**7):07d}" for _ in range(VALUES)],
        "email": [f" User{rnd.randrange(10**6)}@School.example.ORG " for _ in range(VALUES)],
        "email_list": [f"a{rnd.randrange(999)}@x.org, b{rnd.randrange(999)}@y.org" for _ in range(VALUES)],
        "phone": [f"({rnd.randint(200, 999)}) {rnd.randint(200, 999)}-{rnd.randrange(10000):04d}"
                  for _ in range(VALUES)],
        "phone (international)": [f"+44 20 7946 {rnd.randrange(10000):04d}" for _ in range(VALUES)],
        "birth_date": [f"{rnd.randint(1, 12)}/{rnd.randint(1, 28)}/{rnd.randint(2007, 2021)}" for _ in range(VALUES)],
        "date (dateutil fallback)": [f"Sept {rnd.randint(1, 28)}, {rnd.randint(1990, 2021)}" for _ in range(VALUES)],
        "language": [rnd.choice(["English", "Spanish", "spa", "Hmong", "Chinese (Mandarin)", ""])
                     for _ in range(VALUES)],
    }


def bench_cleaners() -> None:
    settings = CleanerSettings(as_of=dt.date(2026, 10, 15))
    print(f"cleaner costs, {VALUES:,} values each (µs per value):")
    for label, values in sample_values(random.Random(3)).items():
        clean = REGISTRY[label.split(" ")[0]].factory(settings, {})
        start = time.perf_counter()
        for value in values:
            clean(value)
        print(f"  {label:<28} {(time.perf_counter() - start) / VALUES * 1e6:8.2f}")


def floor_copy(exports: Path, scratch: Path) -> tuple[float, int]:
    """The pure-Python floor: read every export with csv.reader and write it with csv.writer."""
    rows = 0
    start = time.perf_counter()
    for path in sorted(exports.iterdir()):
        with path.open(encoding="utf-8", newline="") as source, \
                (scratch / path.name).open("w", encoding="utf-8", newline="") as sink:
            writer = csv.writer(sink, lineterminator="\r\n")
            for row in csv.reader(source, delimiter="\t"):
                writer.writerow(row)
                rows += 1
    return time.perf_counter() - start, rows


def bench_run(students: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        exports, out, scratch = Path(folder) / "in", Path(folder) / "out", Path(folder) / "floor"
        write_district(exports, students)
        scratch.mkdir()
        size = sum(p.stat().st_size for p in exports.iterdir()) / 1e6
        floor, rows_in = floor_copy(exports, scratch)
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        tool = str(Path(sys.executable).with_name("transform"))
        report_path = Path(folder) / "report.json"
        result = subprocess.run([tool, "--profile", "powerschool", str(exports), str(out), "--as-of", "2026-10-15",
                                 "--quiet", "--log-format", "json", "--report", str(report_path)],
                                capture_output=True, text=True, check=False)
        wall = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        report = json.loads(report_path.read_text(encoding="utf-8")) if report_path.exists() else {}
        rows_out = sum(report.get("rows_written", {}).values())
        valid = subprocess.run([tool, "validate", str(out)], capture_output=True, check=False).returncode
    print(f"{students:>9,} students | {size:6.0f} MB in | {rows_in:>10,} rows in | {rows_out:>10,} rows out | "
          f"tool {wall:7.1f} s ({rows_in / wall:>8,.0f} rows/s) | floor {floor:6.1f} s | ratio {wall / floor:4.1f}x | "
          f"peak RSS {max(peak, before) / 1024:5.0f} MiB | exit {result.returncode} | validate exit {valid}")
    seconds = report.get("facts", {}).get("seconds", {})
    written = report.get("rows_written", {})
    print("            " + " | ".join(
        f"{stage} {took:.1f} s" + (f" ({written[f'{stage}.csv'] / took:,.0f} rows/s)"
                                     if written.get(f"{stage}.csv") and took else "")
        for stage, took in seconds.items()))


if __name__ == "__main__":
    bench_cleaners()
    for size in [int(a) for a in sys.argv[1:]] or [10_000, 100_000]:
        bench_run(size)
