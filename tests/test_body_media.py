"""Pictures and embeds inside a story's body: stored as sanitised placeholders, rendered on the
public page (library pictures as <picture>, embeds from the allowlisted providers only), the
page's Content-Security-Policy allowing exactly the providers it embeds, and the admin refusing
what it cannot keep (articles/body.py, core/embeds.py, core/html.py, newsroom/csp.py)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.body import check_submitted, split
from articles.models import Article
from core import embeds
from core.html import sanitize_html
from tests.admin_forms import form_data
from tests.factories import ArticleFactory, ImageFactory, SectionFactory, WriterFactory
from tests.test_csp import directives
from tests.test_query_counts import ARTICLE_BUDGET, _story_with

YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
TWEET = "https://twitter.com/vnexpress/status/1790000000000000000"
FACEBOOK = "https://www.facebook.com/tuoitre/posts/123456789012345"
TIKTOK = "https://www.tiktok.com/@vtv24news/video/7300000000000000000"


def picture_html(image_id, caption="") -> str:
    caption_html = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f'<figure data-image="{image_id}">{caption_html}</figure>'


def embed_html(url: str) -> str:
    return f'<figure data-embed="{url}"><a href="{url}">{url}</a></figure>'


# --- The allowlist ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pasted", "provider", "canonical"),
    [
        (YOUTUBE, "youtube", YOUTUBE),
        ("https://youtu.be/dQw4w9WgXcQ?t=42", "youtube", YOUTUBE),
        ("https://m.youtube.com/shorts/dQw4w9WgXcQ", "youtube", YOUTUBE),
        ("http://youtube.com/embed/dQw4w9WgXcQ", "youtube", YOUTUBE),
        ("https://x.com/vnexpress/status/1790000000000000000?s=20", "x", TWEET),
        (TWEET, "x", TWEET),
        ("https://m.facebook.com/tuoitre/posts/123456789012345/", "facebook", FACEBOOK),
        ("https://www.facebook.com/watch/?v=998877", "facebook",
         "https://www.facebook.com/watch/?v=998877"),
        (TIKTOK + "?lang=vi", "tiktok", TIKTOK),
    ],
)  # fmt: skip
def test_known_providers_are_recognised_and_canonicalised(pasted, provider, canonical):
    embed = embeds.parse(pasted)
    assert embed is not None
    assert embed.provider.key == provider
    assert embed.url == canonical


@pytest.mark.parametrize(
    "pasted",
    [
        "https://vimeo.com/76979871",
        "https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "https://evil.example/?u=https://youtu.be/dQw4w9WgXcQ",
        "javascript:alert(1)//youtu.be/dQw4w9WgXcQ",
        "https://user@youtube.com/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com/watch?v=short",
        "https://www.youtube.com/@channel",
        "https://twitter.com/vnexpress",
        "https://www.tiktok.com/@user/video/12ab",
        "https://www.facebook.com/plugins/post.php?href=x",
        "",
    ],
)
def test_everything_else_is_refused(pasted):
    assert embeds.parse(pasted) is None


# --- The sanitiser ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        '<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ"></iframe>',
        "<script>alert(1)</script>",
        '<script src="https://platform.twitter.com/widgets.js"></script>',
        '<figure data-embed="https://youtu.be/dQw4w9WgXcQ"><iframe src="https://evil.example">'
        "</iframe></figure>",
        '<figure data-image="1" onload="alert(1)"><img src=x onerror=alert(1)></figure>',
        '<object data="x.swf"></object><embed src="x.swf">',
        "<svg><script>alert(1)</script></svg>",
    ],
)
def test_sanitiser_never_lets_a_raw_frame_or_script_through(raw):
    clean = sanitize_html(raw)
    assert not re.search(r"<(iframe|script|object|embed|img|svg)\b", clean, re.I), clean
    assert "onload" not in clean and "onerror" not in clean


def test_sanitiser_keeps_placeholders_only_with_checked_values():
    clean = sanitize_html(
        '<figure data-image=" 12 "><figcaption>A caption</figcaption></figure>'
        '<figure data-image="12; drop">x</figure>'
        '<figure data-embed="https://youtu.be/dQw4w9WgXcQ?t=1">a</figure>'
        '<figure data-embed="https://vimeo.com/76979871"><a href="https://vimeo.com/1">v</a></figure>'
    )
    assert '<figure data-image="12"><figcaption>A caption</figcaption></figure>' in clean
    assert "<figure>x</figure>" in clean  # not a number: no picture
    assert f'<figure data-embed="{YOUTUBE}">a</figure>' in clean  # canonical form
    assert "vimeo.com/76979871" not in clean  # an unknown provider is never stored as an embed
    assert '<a href="https://vimeo.com/1"' in clean  # its link stays


# --- The public page ----------------------------------------------------------------------------


@pytest.fixture
def picture(db):
    return ImageFactory(alt_text='Flood water in "Huế"', caption="Library caption",
                        credit="Photo: Reuters")  # fmt: skip


def test_body_picture_renders_as_responsive_picture_with_library_alt_and_credit(reader, picture):
    story = ArticleFactory(
        live=True, body="<p>Before.</p>" + picture_html(picture.pk, "Caption here") + "<p>After</p>"
    )
    html = reader.get(story.get_absolute_url()).content.decode()
    figure = re.search(r'<figure class="body-figure">.*?</figure>', html, re.S).group(0)
    assert "<picture>" in figure and 'type="image/webp"' in figure
    assert re.search(r'srcset="[^"]*full-64\.jpg 64w', figure)
    # Jinja2's autoescape writes a quote as &#34; (public/jinja2/includes/cards.html).
    assert 'alt="Flood water in &#34;Huế&#34;"' in figure
    assert 'loading="lazy"' in figure
    assert "Caption here" in figure and '<span class="credit">Photo: Reuters</span>' in figure
    assert "data-image" not in html
    assert html.index("Before.") < html.index("body-figure") < html.index("After")


def test_missing_or_unprocessed_picture_renders_nothing(reader, picture):
    waiting = ImageFactory(renditions=False)
    type(waiting).objects.filter(pk=waiting.pk).update(file="", pending_upload="incoming/x.jpg")
    story = ArticleFactory(
        live=True,
        body=picture_html(picture.pk + 1000, "Gone")
        + picture_html(waiting.pk, "Waiting")
        + "<p>Text stays.</p>",
    )
    html = reader.get(story.get_absolute_url()).content.decode()
    assert "body-figure" not in html and "Gone" not in html and "Waiting" not in html
    assert "Text stays." in html


def test_deleted_picture_disappears_from_a_cached_page(reader, picture, settings):
    settings.NEWSROOM_PAGE_CACHE = True
    story = ArticleFactory(live=True, body=picture_html(picture.pk, "Soon gone"))
    assert "Soon gone" in reader.get(story.get_absolute_url()).content.decode()
    picture.delete()
    assert "Soon gone" not in reader.get(story.get_absolute_url()).content.decode()


def test_caption_is_escaped(reader, picture):
    story = ArticleFactory(
        live=True, body=picture_html(picture.pk, "&lt;script&gt;alert(1)&lt;/script&gt; <em>x</em>")
    )
    html = reader.get(story.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; x" in html


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("n", [1, 12])
def test_all_body_pictures_cost_one_query(db, reader, settings, n):
    settings.NEWSROOM_PAGE_CACHE = False
    # The budget test's story (writers, tags, related stories, pictures everywhere).
    story = _story_with(1, SectionFactory())
    url = story.get_absolute_url()
    assert _queries(reader, url) == ARTICLE_BUDGET
    Article.objects.filter(pk=story.pk).update(body="<p>No pictures.</p>" + embed_html(YOUTUBE))
    assert _queries(reader, url) == ARTICLE_BUDGET  # an embed costs no query
    pictures = [ImageFactory() for _ in range(n)]
    body = "".join(picture_html(p.pk, f"Caption {i}") for i, p in enumerate(pictures))
    Article.objects.filter(pk=story.pk).update(body=body + picture_html(999_999))
    assert _queries(reader, url) == ARTICLE_BUDGET + 1
    assert reader.get(url).content.decode().count("body-figure") == n


def test_embeds_render_lazily_from_the_address_with_a_link(db, reader):
    body = "".join(embed_html(url) for url in (YOUTUBE, TWEET, FACEBOOK, TIKTOK))
    story = ArticleFactory(live=True, body=body)
    html = reader.get(story.get_absolute_url()).content.decode()
    assert '<iframe class="embed__frame embed__frame--youtube" ' in html
    assert 'src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in html
    assert 'src="https://www.tiktok.com/player/v1/7300000000000000000"' in html
    assert (
        'src="https://www.facebook.com/plugins/post.php?href=https%3A%2F%2Fwww.facebook.com'
        '%2Ftuoitre%2Fposts%2F123456789012345&amp;show_text=true&amp;width=500"' in html
    )
    assert html.count('loading="lazy"') >= 3
    # X: the quote and its link, the provider's script only when the reader asks.
    assert f'<blockquote class="twitter-tweet" data-dnt="true"><p><a href="{TWEET}">' in html
    assert 'data-embed-script="https://platform.twitter.com/widgets.js"' in html
    assert '<script src="https://platform' not in html
    for url in (YOUTUBE, TWEET, FACEBOOK, TIKTOK):
        assert f'<a class="embed__link" href="{url.replace("&", "&amp;")}">' in html


def test_page_policy_allows_exactly_the_providers_it_embeds(db, reader, settings):
    settings.NEWSROOM_PAGE_CACHE = True
    plain = ArticleFactory(live=True, body="<p>Nothing embedded.</p>")
    video = ArticleFactory(live=True, body=embed_html(YOUTUBE))
    post = ArticleFactory(live=True, body=embed_html(TWEET) + embed_html(TIKTOK))
    for _ in range(2):  # rendered, then the page cache's copy
        response = reader.get(plain.get_absolute_url())
        policy = directives(response["Content-Security-Policy"])
        assert "frame-src" not in policy and policy["script-src"] == ["'self'"]
        response = reader.get(video.get_absolute_url())
        policy = directives(response["Content-Security-Policy"])
        assert policy["frame-src"] == ["https://www.youtube-nocookie.com"]
        assert policy["script-src"] == ["'self'"]
        assert embeds.EMBEDS_HEADER not in response
        policy = directives(reader.get(post.get_absolute_url())["Content-Security-Policy"])
        assert sorted(policy["frame-src"]) == ["https://platform.twitter.com",
                                               "https://www.tiktok.com"]  # fmt: skip
        assert policy["script-src"] == ["'self'", "https://platform.twitter.com"]
    assert directives(reader.get("/")["Content-Security-Policy"]).get("frame-src") is None


def test_split_keeps_text_of_a_placeholder_that_no_longer_passes():
    body = split('<figure data-embed="https://vimeo.com/1"><a href="x">link</a></figure><p>t</p>')
    assert [p.kind for p in body.parts] == ["html", "html"]
    assert "link" in str(body.parts[0].html) and "data-embed" not in str(body.parts[0].html)


# --- The admin ----------------------------------------------------------------------------------


def test_admin_refuses_unknown_provider_and_missing_picture_with_a_clear_error(db, picture):
    errors = check_submitted(embed_html("https://vimeo.com/76979871"))
    assert errors == [embeds.refusal("https://vimeo.com/76979871")]
    assert "YouTube, X (Twitter), Facebook and TikTok" in errors[0]
    assert check_submitted(picture_html(picture.pk + 1000))[0].startswith(
        "A picture in the body is no longer in the image library"
    )
    assert check_submitted(embed_html(YOUTUBE) + picture_html(picture.pk)) == []


def test_story_form_keeps_the_text_and_shows_the_error(client, editor_user):
    client.force_login(editor_user)
    story = ArticleFactory(body="<p>Old</p>", writers=[WriterFactory()])
    url = f"/admin/articles/article/{story.pk}/change/"
    data = form_data(client.get(url))
    bad = "<p>New text</p>" + embed_html("https://vimeo.com/76979871")
    response = client.post(url, data | {"body": bad})
    assert response.status_code == 200
    assert "cannot be embedded" in response.content.decode()
    assert "New text" in response.content.decode()  # nothing lost: the form shows it again
    story.refresh_from_db()
    assert story.body == "<p>Old</p>"
    good = "<p>New text</p>" + embed_html("https://youtu.be/dQw4w9WgXcQ")
    assert client.post(url, data | {"body": good}).status_code == 302
    story.refresh_from_db()
    assert f'data-embed="{YOUTUBE}"' in story.body


def test_agency_copy_cannot_name_a_library_picture():
    from ninjs.html_check import check_body_html

    problems, _ = check_body_html(picture_html(1, "x") + embed_html(YOUTUBE))
    assert problems == ["a picture of this site's library (data-image)"]


def test_a_picture_in_a_live_body_is_the_editors(db, journalist_user, other_journalist_user):
    from workflow.pictures import may_change

    own = ImageFactory(uploaded_by=journalist_user)
    assert may_change(journalist_user, own)  # nothing shows it: its uploader's
    draft = ArticleFactory(writers=[journalist_user.writer], body=picture_html(own.pk))
    assert may_change(journalist_user, own)  # only in a draft of theirs
    ArticleFactory(live=True, writers=[other_journalist_user.writer],
                   body="<p>x</p>" + picture_html(own.pk, "On a live story"))  # fmt: skip
    assert not may_change(journalist_user, own)  # now shown by a live story's body
    other = ImageFactory(uploaded_by=journalist_user)
    ArticleFactory(live=True, body=picture_html(other.pk + 100))  # another id, not a prefix
    draft.body = picture_html(other.pk)
    draft.save()
    assert may_change(journalist_user, other)
