"""`make bench`: what each cleaner costs per value, and a whole run on a synthetic district.

Prints numbers; asserts nothing (targets are read by people, not by the test suite).
"""

from __future__ import annotations

import datetime as dt
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.synthetic import write_district
from transform import api
from transform.cleaners import REGISTRY, CleanerSettings

VALUES = 100_000


def sample_values(rnd: random.Random) -> dict[str, list[str]]:
    words = ["Ann", 'Robert "Rob"', "  Mary  Jo ", "Smith, Jr.", "José", "O'Brien"]
    return {
        "text": [rnd.choice(words) for _ in range(VALUES)],
        "name": [rnd.choice(words) for _ in range(VALUES)],
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
        name = label.split(" ")[0]
        clean = REGISTRY[name].factory(settings, {})
        start = time.perf_counter()
        for value in values:
            clean(value)
        elapsed = time.perf_counter() - start
        print(f"  {label:<28} {elapsed / VALUES * 1e6:8.2f}")


def bench_run(students: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        exports, out = Path(folder) / "in", Path(folder) / "out"
        write_district(exports, students)
        size = sum(p.stat().st_size for p in exports.iterdir()) / 1e6
        start = time.perf_counter()
        result = api.run(api.RunOptions(profile="powerschool", in_dir=exports, out_dir=out,
                                        as_of=dt.date(2026, 10, 15)))
        elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows = result.report.rows_written
    print(f"whole run, {students:,} students ({size:.0f} MB of exports): {elapsed:.1f} s, "
          f"peak RSS {peak:.0f} MiB, exit {result.exit_status}, "
          f"users {rows.get('users.csv', 0):,}, enrollments {rows.get('enrollments.csv', 0):,}")


if __name__ == "__main__":
    bench_cleaners()
    bench_run(int(sys.argv[1]) if len(sys.argv) > 1 else 50_000)
