"""Run the `transform` command with the process clock set to another moment.

    python -m tests.fake_clock 2031-11-27T00:01 --profile powerschool in/ out/ --as-of 2026-10-15

freezegun and libfaketime are not at hand, so this shifts what the standard library answers
for "now" (time.time, time.localtime, time.gmtime, datetime.date.today, datetime.datetime.now
and friends) before `transform` is imported. Code that asks the clock at call time, as
python-dateutil does for the default of a partial date, then sees the chosen moment.
"""

from __future__ import annotations

import datetime
import sys
import time
from typing import Any


def set_clock(moment: datetime.datetime) -> None:
    """From now on this process's clock reads `moment` (local time) and runs on from it."""
    real_time, real_localtime, real_gmtime = time.time, time.localtime, time.gmtime
    real_datetime, real_date = datetime.datetime, datetime.date
    shift = moment.timestamp() - real_time()

    def fake_time() -> float:
        return real_time() + shift

    def fake_localtime(seconds: float | None = None) -> time.struct_time:
        return real_localtime(fake_time() if seconds is None else seconds)

    def fake_gmtime(seconds: float | None = None) -> time.struct_time:
        return real_gmtime(fake_time() if seconds is None else seconds)

    class FakeDateTimeType(type):
        """isinstance(a real datetime, datetime.datetime) stays true once the class is replaced."""

        def __instancecheck__(cls, instance: object) -> bool:
            return isinstance(instance, real_datetime)

    class FakeDateType(type):
        def __instancecheck__(cls, instance: object) -> bool:
            return isinstance(instance, real_date)

    class FakeDateTime(real_datetime, metaclass=FakeDateTimeType):
        @classmethod
        def now(cls, tz: Any = None) -> Any:
            return real_datetime.fromtimestamp(fake_time(), tz)

        @classmethod
        def today(cls) -> Any:
            return real_datetime.fromtimestamp(fake_time())

        @classmethod
        def utcnow(cls) -> Any:
            return real_datetime.fromtimestamp(fake_time(), datetime.UTC).replace(tzinfo=None)

    class FakeDate(real_date, metaclass=FakeDateType):
        @classmethod
        def today(cls) -> Any:
            return real_datetime.fromtimestamp(fake_time()).date()

    time.time, time.localtime, time.gmtime = fake_time, fake_localtime, fake_gmtime  # type: ignore[assignment]
    datetime.datetime, datetime.date = FakeDateTime, FakeDate  # type: ignore[misc]


def main() -> None:
    set_clock(datetime.datetime.fromisoformat(sys.argv[1]))
    from transform.cli import main as transform_main

    transform_main(sys.argv[2:])


if __name__ == "__main__":
    main()
