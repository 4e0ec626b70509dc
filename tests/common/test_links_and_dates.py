"""The helpers every app shares (common/): signed links and the start of a day."""

import datetime

import pytest
from django.core import signing
from django.utils import timezone

from common.dates import day_start, is_working_day, working_days_before
from common.links import LinkError, LinkExpired, sign, unsign, unsign_or_none


def test_a_signed_value_reads_back_only_with_its_salt():
    token = sign({"e": "a@b.example", "k": ["x"]}, salt="un")
    assert unsign(token, salt="un") == {"e": "a@b.example", "k": ["x"]}
    with pytest.raises(LinkError):
        unsign(token, salt="deux")
    assert unsign_or_none(token + "x", salt="un") is None


def test_an_old_token_is_expired_not_altered(monkeypatch):
    old = signing.time.time() - 3600
    monkeypatch.setattr(signing.time, "time", lambda: old)
    token = sign("42", salt="s")
    monkeypatch.undo()
    with pytest.raises(LinkExpired):
        unsign(token, salt="s", max_age=60)
    assert unsign_or_none(token, salt="s", max_age=60) is None
    assert unsign(token, salt="s") == "42"


def test_the_older_plain_tokens_still_read_when_asked():
    plain = signing.TimestampSigner(salt="s").sign("42")
    assert unsign_or_none(plain, salt="s") is None
    assert unsign(plain, salt="s", plain=True) == "42"


def test_the_day_starts_at_local_midnight_from_a_date_or_a_moment(settings):
    day = datetime.date(2026, 3, 29)  # the night the clocks go forward in Paris
    start = day_start(day)
    assert timezone.is_aware(start)
    assert timezone.localtime(start).replace(tzinfo=None) == datetime.datetime(2026, 3, 29)
    evening = timezone.make_aware(datetime.datetime(2026, 3, 29, 23, 30))
    assert day_start(evening) == start
    assert day_start().date() == timezone.localdate()


def test_public_holidays_are_not_working_days():
    """France métropole (the `holidays` package): 14 juillet, Ascension, lundi de Pentecôte,
    Christmas and New Year's Day are days off; the weekends around them too."""
    for day in ("2026-07-14", "2026-05-14", "2026-05-25", "2026-12-25", "2027-01-01"):
        assert not is_working_day(datetime.date.fromisoformat(day)), day
    assert is_working_day(datetime.date(2026, 5, 13))
    assert is_working_day(datetime.date(2026, 12, 24))
    assert not is_working_day(datetime.date(2026, 12, 26))  # a Saturday


@pytest.mark.parametrize(
    ("today", "count", "expected"),
    [
        # Ascension (Thursday 14 May 2026): counted back from the next Thursday, the holiday is
        # skipped and the day before it is the fifth working day.
        ("2026-05-21", 5, "2026-05-13"),
        ("2026-05-22", 5, "2026-05-15"),
        # 14 juillet 2026, a Tuesday.
        ("2026-07-21", 5, "2026-07-13"),
        ("2026-07-22", 5, "2026-07-15"),
        # Christmas and New Year's Day 2026-2027, both Fridays: two 3-day weekends.
        ("2027-01-04", 5, "2026-12-24"),
        ("2027-01-05", 5, "2026-12-28"),
        ("2027-01-11", 10, "2026-12-24"),
        # No holiday in the span: Monday to Friday only.
        ("2026-12-07", 5, "2026-11-30"),
    ],
)
def test_working_days_before_skip_weekends_and_public_holidays(today, count, expected):
    day = datetime.date.fromisoformat(today)
    assert working_days_before(day, count) == datetime.date.fromisoformat(expected)
