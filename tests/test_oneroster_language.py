"""A OneRoster users.csv's `metadata.preferredLanguage` (the column Remind's own OneRoster page names as
the language of its messages) was read by no rule of the OneRoster profiles: every user published with
it blank, at exit 0 and with no code, whichever target (tester68 F3; the tool's own strict sets fed
back lost it too). The 1.1 and 1.2 profiles read it now, cleaned as every profile's languages are."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.test_columnar import both_engines

AS_OF = dt.date(2026, 10, 15)
# a parent, a student and a teacher of each sample district, the language as an SIS writes it
LANGUAGES = {
    "oneroster": {"u-s1": "es", "u-t1": "en", "u-p1": "Spanish"},
    "oneroster-1.2": {"u-s1": "vi", "p-1": "vie"},
}
EXPECTED = {"Spanish": "es", "vie": "vi"}


def with_languages(tmp_path: Path, profile: str) -> Path:
    folder = tmp_path / "in"
    shutil.copytree(FIXTURES / profile / "district" / "in", folder)
    path = folder / "users.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    rows = [[*row, LANGUAGES[profile].get(row[0], "")] for row in rows]
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([[*header, "metadata.preferredLanguage"], *rows])
    return folder


@pytest.mark.parametrize("target", ["remind", "oneroster"])
@pytest.mark.parametrize("profile", ["oneroster", "oneroster-1.2"])
def test_each_users_preferred_language_is_published(tmp_path: Path, profile: str, target: str) -> None:
    folder = with_languages(tmp_path, profile)
    python, _ = both_engines(tmp_path / "runs", profile=profile, in_dir=folder, as_of=AS_OF, target=target)
    assert python.exit_status == 0, [str(p) for p in python.problems]
    with (tmp_path / "runs" / "python" / "users.csv").open(encoding="utf-8", newline="") as handle:
        published = {row["sourcedId"]: row["metadata.preferredLanguage"] for row in csv.DictReader(handle)}
    for user, written in LANGUAGES[profile].items():
        assert published[user] == EXPECTED.get(written, written), user
    assert not {language for user, language in published.items() if user not in LANGUAGES[profile]} - {""}
