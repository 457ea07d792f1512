"""How times are written into pages: `<time datetime>` and structured data carry whole seconds
and the newsroom's UTC offset (HTML allows at most three digits of a fraction of a second)."""

from datetime import UTC, datetime

from django.utils import translation

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


def test_each_edition_writes_a_time_as_its_readers_do():
    with translation.override("vi"):
        assert time_tag(PUBLISHED) == (
            '<time datetime="2024-11-18T09:30:05+07:00">18/11/2024 09:30 GMT+7</time>'
        )
    with translation.override("en"):
        assert "18 November 2024, 09:30 GMT+7</time>" in time_tag(PUBLISHED)


def test_an_editions_time_zone_and_month_names_are_its_own(settings):
    settings.NEWSROOM_EDITIONS = [
        {"code": "en", "name": "English", "time_zone": "Europe/London"},
        {"code": "vi", "name": "Tiếng Việt", "prefix": "vi",
         "date_format": "{day} {month_name} {year}, {hour:02d}:{minute:02d} {zone}"},
    ]  # fmt: skip
    assert time_tag(PUBLISHED) == (
        '<time datetime="2024-11-18T02:30:05+00:00">18 November 2024, 02:30 GMT+0</time>'
    )
    with translation.override("vi"):
        assert "18 Tháng 11 2024, 09:30 GMT+7</time>" in time_tag(PUBLISHED)
