"""Word count, reading time and the search/social previews in the story form
(workflow/writing.py; the live update is in tests/test_writing_tools_browser.py)."""

import re

import pytest

from articles.sharing import SHARE_WIDTH
from tests.factories import ArticleFactory, ImageFactory, WriterFactory
from workflow.writing import WORDS_PER_MINUTE, count_words, reading_minutes

YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


def test_words_are_counted_across_tags_in_any_script():
    assert count_words("") == 0
    assert count_words("<p>Bão số 3 đổ bộ</p><p>Đà Nẵng, Huế.</p>") == 8
    assert count_words("<p>end.</p><p>Next</p><ul><li>one</li><li>two</li></ul>") == 4
    assert count_words("<p>Tom &amp; Jerry</p>") == 2


def test_pictures_and_embeds_count_for_nothing():
    body = (
        '<p>Two words</p><figure data-image="3"><figcaption>A long caption here</figcaption>'
        f'</figure><figure data-embed="{YOUTUBE}"><a href="{YOUTUBE}">{YOUTUBE}</a></figure>'
    )
    assert count_words(body) == 2


@pytest.mark.parametrize(
    ("words", "minutes"), [(0, 0), (1, 1), (WORDS_PER_MINUTE, 1), (WORDS_PER_MINUTE + 1, 2)]
)
def test_reading_time_rounds_up(words, minutes):
    assert reading_minutes(words) == minutes


@pytest.fixture
def as_editor(client, editor_user):
    client.force_login(editor_user)
    return client


def _aids(html: str) -> str:
    found = re.search(r'<div class="writing-aids".*?</section>\s*</div>\s*</div>', html, re.S)
    return found.group(0)


@pytest.mark.django_db
def test_the_form_shows_length_and_previews(as_editor):
    picture = ImageFactory(alt_text="Boats", file__width=1600, file__height=900)
    story = ArticleFactory(
        headline="Typhoon Yagi makes landfall in the north of Vietnam <b>tonight</b>",
        seo_description="",
        lead="Authorities moved 50,000 people.",
        body="<p>" + " ".join(["word"] * 460) + "</p>",
        hero_image=picture,
        writers=[WriterFactory()],
    )
    aids = _aids(as_editor.get(f"/admin/articles/article/{story.pk}/change/").content.decode())
    assert '<strong data-aid="words">460</strong> words' in aids
    assert "about 2 min read" in aids
    assert f'data-path="{story.get_absolute_url()}"' in aids
    # The headline is 66 characters: over the limit; escaped, never markup.
    assert "Typhoon Yagi makes landfall in the north of Vietnam &lt;b&gt;tonight&lt;/b&gt;" in aids
    assert "<b>tonight" not in aids
    assert "Title: 66/60 characters: search engines will cut it" in aids
    assert "Description: 32/160" in aids
    assert f'src="{picture.rendition_url(SHARE_WIDTH)}" alt="Boats"' in aids
    assert (
        "static/workflow/writing-aids"
        in as_editor.get(f"/admin/articles/article/{story.pk}/change/").content.decode()
    )


@pytest.mark.django_db
def test_the_seo_fields_win_and_a_short_title_is_fine(as_editor):
    story = ArticleFactory(
        headline="A headline far too long for a search result, as often happens in news",
        seo_title="Short title",
        seo_description="Short description",
        body="",
        writers=[WriterFactory()],
    )
    aids = _aids(as_editor.get(f"/admin/articles/article/{story.pk}/change/").content.decode())
    assert "Title: 11/60 characters</span>" in aids and "writing-aids__over" not in aids
    assert '<p class="serp-preview__title" data-aid="title">Short title</p>' in aids
    assert "Short description" in aids
    assert "nothing to read yet" in aids
    assert "No picture: choose a hero image" in aids


@pytest.mark.django_db
def test_the_add_form_shows_the_aids_empty(as_editor):
    html = as_editor.get("/admin/articles/article/add/").content.decode()
    assert "(the address is made when the story is saved)" in html
    assert '<strong data-aid="words">0</strong> words' in html
