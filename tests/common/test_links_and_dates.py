"""The helpers every app shares (common/): signed links and the start of a day."""

import datetime

import pytest
from django.core import signing
from django.utils import timezone

from common.dates import day_start
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
