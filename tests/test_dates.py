"""How times are written into pages: `<time datetime>` and structured data carry whole seconds
and the newsroom's UTC offset (HTML allows at most three digits of a fraction of a second)."""

from datetime import UTC, datetime

from core.dates import isotime, time_tag

PUBLISHED = datetime(2024, 11, 18, 2, 30, 5, 123456, tzinfo=UTC)


def test_time_tag_writes_whole_seconds_with_the_offset():
    assert time_tag(PUBLISHED) == (
        '<time datetime="2024-11-18T09:30:05+07:00">18 November 2024, 09:30 GMT+7</time>'
    )


def test_isotime_writes_whole_seconds_with_the_offset():
    assert isotime(PUBLISHED) == "2024-11-18T09:30:05+07:00"


def test_no_time_writes_nothing():
    assert time_tag(None) == "" and isotime(None) == ""
