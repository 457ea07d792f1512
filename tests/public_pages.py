"""One of every public page type, on the demo newspaper plus one story that shows every feature
the article page has: what the HTML validity and accessibility tests render and check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.models import Group, User
from django.test import Client
from django.utils import timezone

from articles.models import Article
from demo.content import LIVE_STORY
from demo.seed import seed
from frontpage.models import Breaking
from images.models import Image
from live.models import Coverage, Entry
from sections.models import Section
from tags.models import Tag
from tests.factories import ArticleFactory, UserFactory, correct, relate
from workflow.models import ScheduledUpdate
from workflow.updates import snapshot
from writers.models import Writer

# Enough generated stories for the World section to have a second page at PAGE_SIZE.
GENERATED_STORIES = 30
PAGE_SIZE = 5
# The demo's storm coverage has six entries (and one more here): a second page at 4.
LIVE_PAGE_SIZE = 4

# Everything the sanitiser (core/html.py) lets a story body hold, as an editor would write it.
FULL_BODY = """
<p>Fishermen in <a href="https://example.org/ca-mau">Cà Mau</a> say the crabs are back, and
<strong>shrimp farms</strong> have moved inland. Read <a href="/world/">more world news</a>.</p>
<h2>What changed</h2>
<ul><li>Mangroves replanted along 40 km of coast</li><li>Two new <em>protected</em> areas</li></ul>
<ol start="3"><li>Third point</li><li>Fourth point</li></ol>
<blockquote><p>“The forest is our sea wall,” said Nguyễn Văn Đức.</p>
<cite>A farmer</cite></blockquote>
<figure><blockquote><p>Replanting works.</p></blockquote>
<figcaption>From the 2024 report</figcaption></figure>
<h3>By the numbers</h3>
<table><caption>Mangrove cover</caption><thead><tr><th scope="col">Year</th>
<th scope="col">Hectares</th></tr></thead><tbody><tr><td>2014</td><td>2,100</td></tr>
<tr><td>2024</td><td>4,300</td></tr></tbody></table>
<p>The <abbr title="Ministry of Agriculture">MARD</abbr> report uses H<sub>2</sub>O and
m<sup>2</sup>; <code>ha</code> is hectares. <small>Figures rounded.</small> <s>Old figure</s></p>
<hr>
<p>Write to us at <a href="mailto:news@example.org">news@example.org</a>.</p>
"""


@dataclass
class PublicSite:
    story: Article  # the story with every feature
    writer: Writer  # its reporter, with a photo and a bio
    draft: Article  # an editor previews it
    editor: User
    update: ScheduledUpdate  # a scheduled update of `story`, previewed
    live: Article  # the demo's storm story, in live coverage (live/)
    ended_live: Article  # a live coverage that has ended
    vietnamese: Article  # the story with every feature, in the Vietnamese edition

    def pages(self) -> dict[str, str]:
        """Page type → path on the public site."""
        tag = self.story.tags.get(name="Cà Mau")
        return {
            "home": "/",
            "article": self.story.get_absolute_url(),
            "section": "/world/",
            "section, later page": _second_page_of("/world/"),
            "tag": tag.get_absolute_url(),
            "writer": self.writer.get_absolute_url(),
            "search, empty form": "/search/",
            "search, results": "/search/?q=mangroves",
            "search, no results": "/search/?q=zzzyx",
            "search, malformed": "/search/?q=ukraine&section=nowhere&date_from=2024-13-45",
            "404": "/no-such-page/",
            "preview": f"/preview/{self.draft.pk}/",
            "preview, scheduled update": f"/preview/{self.story.pk}/updates/{self.update.pk}/",
            "live coverage": self.live.get_absolute_url(),
            "live coverage, older entries": _second_page_of(self.live.get_absolute_url()),
            "live coverage, ended": self.ended_live.get_absolute_url(),
            # The Vietnamese edition (docs/editions.md): its interface and dates.
            "home, vi": "/vi/",
            "article, vi": self.vietnamese.get_absolute_url(),
            "section, vi": "/vi/world/",
            "tag, vi": f"/vi{tag.get_absolute_url()}",
            "writer, vi": f"/vi{self.writer.get_absolute_url()}",
            "search, vi": "/vi/search/?q=r%E1%BB%ABng",
            "search, no results, vi": "/vi/search/?q=zzzyx",
            "404, vi": "/vi/no-such-page/",
        }


def build_public_site(settings) -> PublicSite:
    """The demo newspaper with a small page size, and the story with every feature."""
    settings.NEWSROOM_PAGE_SIZE = PAGE_SIZE
    settings.NEWSROOM_LIVE_PAGE_SIZE = LIVE_PAGE_SIZE
    seed(generated=GENERATED_STORIES, with_accounts=False)
    story = _story_with_every_feature()
    writer = story.bylines.first().writer
    draft = ArticleFactory(
        headline="Flood defences for Huế, planned",
        section=story.section,
        body=FULL_BODY,
        hero_image=story.hero_image,
        writers=[writer],
        tags=["Huế"],
    )
    editor = UserFactory(username="page-checker-editor", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    # Every page is checked with the breaking-news banner showing (frontpage/).
    Breaking.objects.create(article=story)
    text = snapshot(story)
    update = ScheduledUpdate.objects.create(
        article=story,
        **{**text, "headline": "Mangroves return to Cà Mau, and the crabs with them"},
        publish_at=timezone.now() + timedelta(hours=1),
        base_version=story.version,
        base=text,
    )
    live, ended_live = _live_coverage(story)
    vietnamese = _vietnamese_story(story)
    return PublicSite(
        story=story,
        writer=writer,
        draft=draft,
        editor=editor,
        update=update,
        live=live,
        ended_live=ended_live,
        vietnamese=vietnamese,
    )


def _vietnamese_story(story: Article) -> Article:
    """The story with every feature in the Vietnamese edition, translating `story` (its section
    named in Vietnamese, its writers and tag shared; marked breaking in its edition), and
    another by the same writers for its related news."""
    Section.objects.filter(pk=story.section_id).update(
        names={"vi": "Thế giới"}, descriptions={"vi": "Tin tức quốc tế."}
    )
    now = timezone.now()
    text = {"section": story.section, "hero_image": story.hero_image, "kicker": "Khí hậu"}
    other = ArticleFactory(
        live=True, headline="Tôm cua trở lại vùng ven biển", tags=["Cà Mau"],
        publish_at=now - timedelta(hours=5), edition="vi", **text,
    )  # fmt: skip
    vietnamese = ArticleFactory(
        live=True,
        edition="vi",
        translation_of=story,
        headline="Rừng ngập mặn trở lại Cà Mau",
        dateline="Cà Mau",
        lead="Rừng ngập mặn được trồng lại dọc bờ biển Cà Mau, và tôm cua đã trở về.",
        body=VIETNAMESE_BODY + VIETNAMESE_PICTURE.format(picture=story.hero_image_id),
        publish_at=now - timedelta(hours=2),
        hero_caption="Rừng ngập mặn trồng lại lúc triều xuống.",
        **text,
    )
    Article.objects.filter(pk=vietnamese.pk).update(updated_at=now - timedelta(minutes=5))
    for byline in story.bylines.all():
        vietnamese.bylines.create(writer=byline.writer, role=byline.role, position=byline.position)
        other.bylines.create(writer=byline.writer, role=byline.role, position=byline.position)
    vietnamese.tags.add("Cà Mau")
    correct(vietnamese, "Bản trước ghi sai tên tỉnh.", published_at=now)
    Breaking.objects.create(article=vietnamese)
    relate(vietnamese, other)
    vietnamese.refresh_from_db()
    return vietnamese


def _live_coverage(story: Article) -> tuple[Article, Article]:
    """The demo's storm story with one more entry holding a picture and every embed (shown on
    its first page), and an ended coverage with a closing summary."""
    live = Article.objects.get(headline=LIVE_STORY)
    coverage = live.coverage
    Entry.objects.create(
        coverage=coverage,
        writer=live.writers.first(),
        body="<p>Pictures and posts from the coast.</p>"
        + _BODY_MEDIA.format(picture=Image.objects.filter(file__startswith="demo/").first().pk),
        is_key=True,
        publish_at=timezone.now() - timedelta(seconds=30),
    )
    ended = ArticleFactory(
        live=True,
        section=story.section,
        headline="Floods recede in Huế",
        writers=[story.writers.first()],
    )
    closed = Coverage.objects.create(article=ended, started_at=ended.publish_at)
    Entry.objects.create(
        coverage=closed, writer=ended.writers.first(), body="<p>The river is falling.</p>",
        is_key=True, publish_at=ended.publish_at + timedelta(minutes=5),
    )  # fmt: skip
    closed.ended_at = ended.publish_at + timedelta(minutes=30)
    closed.closing_summary = "The water is back in the river.\n\nSchools reopen on Monday."
    closed.save()
    return live, ended


VIETNAMESE_BODY = """
<p>Ngư dân ở <a href="https://example.org/ca-mau">Cà Mau</a> cho biết tôm cua đã trở lại, còn
<strong>các trại nuôi tôm</strong> đã dời sâu vào đất liền. Đọc <a href="/vi/world/">thêm tin
thế giới</a>.</p>
<h2>Những gì đã thay đổi</h2>
<ul><li>Trồng lại rừng ngập mặn dọc 40 km bờ biển</li><li>Hai khu <em>bảo tồn</em> mới</li></ul>
<blockquote><p>“Rừng là con đê chắn sóng của chúng tôi,” ông Nguyễn Văn Đức nói.</p>
<cite>Một nông dân</cite></blockquote>
<table><caption>Diện tích rừng ngập mặn</caption><thead><tr><th scope="col">Năm</th>
<th scope="col">Héc-ta</th></tr></thead><tbody><tr><td>2014</td><td>2.100</td></tr>
<tr><td>2024</td><td>4.300</td></tr></tbody></table>
"""

VIETNAMESE_PICTURE = '<figure data-image="{picture}"><figcaption>Cua ở chợ.</figcaption></figure>'

# A library picture and one embed of each provider in the body (articles/body.py).
_BODY_MEDIA = (
    '<figure data-image="{picture}"><figcaption>Crabs at the market.</figcaption></figure>'
    '<figure data-embed="https://www.youtube.com/watch?v=dQw4w9WgXcQ"></figure>'
    '<figure data-embed="https://twitter.com/vnexpress/status/1790000000000000000"></figure>'
    '<figure data-embed="https://www.facebook.com/tuoitre/posts/123456789012345"></figure>'
    '<figure data-embed="https://www.tiktok.com/@vtv24news/video/7300000000000000000"></figure>'
)


def _story_with_every_feature() -> Article:
    world = Section.objects.get(slug="world")
    writer = Writer.objects.get(name="Thanh Hà")  # has a photo and a bio in the demo
    translator = Writer.objects.get(name="Đỗ Minh Quân")
    photographer = Writer.objects.get(name="Hoàng Long")
    now = timezone.now()
    story = ArticleFactory(
        live=True,
        headline="Mangroves return to Cà Mau",
        kicker="Climate",
        dateline="Cà Mau",
        section=world,
        body=FULL_BODY
        + _BODY_MEDIA.format(
            picture=Image.objects.filter(file__startswith="demo/illustration").last().pk
        ),
        publish_at=now - timedelta(hours=3, microseconds=123456),
        hero_image=Image.objects.filter(file__startswith="demo/illustration").first(),
        hero_caption="Replanted mangroves at low tide.",
    )
    Article.objects.filter(pk=story.pk).update(updated_at=now - timedelta(minutes=7))
    for position, (person, role) in enumerate(
        [(writer, "reporter"), (translator, "translator"), (photographer, "photographer")]
    ):
        story.bylines.create(writer=person, role=role, position=position)
    story.tags.add(*Tag.objects.filter(name__in=["North Korea", "Joe Biden"]), "Cà Mau")
    correct(story, "An earlier version gave the wrong province.", published_at=now)
    reference = Article.objects.live().filter(section=world).exclude(pk=story.pk)
    relate(story, *reference.order_by("-publish_at")[:2])
    story.refresh_from_db()
    return story


def _second_page_of(path: str) -> str:
    """The address of the 'Older stories' link on the first page of a list."""
    html = Client().get(path).content.decode()
    match = re.search(r'<a rel="next" href="([^"]+)"', html)
    assert match, f"{path} has no second page"
    return path + match.group(1).replace("&amp;", "&")


def logged_in_session(user: User) -> str:
    """A session key for `user`, for a browser or a test client."""
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value
