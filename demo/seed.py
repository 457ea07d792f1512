"""Load the demo newspaper: the reference page's stories plus a few hundred generated ones.

Safe to run any number of times: every object is found by its slug (or username) first, and
the generated stories come from a fixed random seed, so a second run creates nothing new.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.models import Group, User
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape

from articles.models import Article, Byline, RelatedArticle, TaggedArticle
from core.text import slugify_vi, unique_slug
from demo import content, content_vi
from demo.images import ensure_illustrations, ensure_portrait
from demo.reads import seed_reads
from images.models import Image
from sections.models import Section
from tags.models import Tag
from writers.models import Writer

# Local-only demo logins, printed by `make run` and named in the README.
DEMO_ACCOUNTS: dict[str, dict[str, Any]] = {
    "journalist": {"password": "journalist-demo", "group": "Journalists", "name": ("Thanh", "Hà")},
    "editor": {"password": "editor-demo", "group": "Editors", "name": ("Minh", "Anh")},
}
RANDOM_SEED = 20241118


@dataclass
class SeedReport:
    created: dict[str, int] = field(default_factory=dict)
    accounts: dict[str, str] = field(default_factory=dict)

    def count(self, kind: str, number: int = 1) -> None:
        if number:
            self.created[kind] = self.created.get(kind, 0) + number


@transaction.atomic
def seed(
    *, generated: int = 300, with_accounts: bool = False, now: datetime | None = None
) -> SeedReport:
    now = now or timezone.now()
    report = SeedReport()
    users = _accounts(report) if with_accounts else {}
    sections = _sections(report)
    writers = _writers(report, users)
    illustrations = ensure_illustrations()
    tags = _TagCache(report)
    _reference_stories(report, now, sections, writers, tags, illustrations)
    _generated_stories(report, now, generated, sections, writers, tags, illustrations)
    _vietnamese_edition(report, now, generated, sections, writers, tags, illustrations)
    _front_page(report, now)
    _scheduled_update(report, now)
    _live_coverage(report, now, writers)
    # Made-up reads for the most-read list, the storm story and the front page's top stories
    # first (demo/reads.py): demo data, in the cache only.
    first = [headline for _slot, _section, headline in DEMO_PINS]
    report.count("stories given demo reads", seed_reads(first))
    return report


# The editors' arrangement of the demo's front page (docs/frontpage.md): the storm story pinned
# as lead and two top stories in the editor's order (the flood story first).
DEMO_LAYOUT = "Demo: storm day"
DEMO_PINS = [
    ("lead", None, "High waves flood into Nha Trang coast"),
    ("top", None, "Excitedly receiving support to rebuild roofs after being torn apart by floods"),
    ("top", None, "Russia launched 120 missiles and 90 UAVs into Ukraine"),
]


def _front_page(report: SeedReport, now: datetime) -> None:
    from frontpage.models import Layout, Pin

    if Layout.objects.filter(note=DEMO_LAYOUT).exists():
        return
    layout = Layout.objects.create(note=DEMO_LAYOUT, starts_at=now - timedelta(days=2))
    for position, (slot, section, headline) in enumerate(DEMO_PINS):
        story = Article.objects.filter(slug=slugify_vi(headline)).first()
        if story is not None:
            Pin.objects.create(
                layout=layout, slot=slot, section=section, position=position, article=story
            )
    report.count("front page layouts")


def _scheduled_update(report: SeedReport, now: datetime) -> None:
    """The storm story's next figures, a little ahead (content.STORM_UPDATE): once, ever."""
    from workflow.models import Event, ScheduledUpdate
    from workflow.updates import snapshot

    spec = content.STORM_UPDATE
    story = Article.objects.filter(slug=slugify_vi(spec["headline"])).first()
    if story is None or ScheduledUpdate.objects.filter(article=story).exists():
        return
    text = snapshot(story)
    at = now + timedelta(minutes=spec["minutes_ahead"])
    ScheduledUpdate.objects.create(
        article=story,
        **{
            **text,
            "lead": spec["lead"],
            "body": text["body"] + "\n" + _paragraphs([spec["paragraph"]]),
        },
        publish_at=at,
        base_version=story.version,
        base=text,
    )
    Event.objects.create(
        article=story, kind=Event.Kind.UPDATE_SCHEDULED, from_state="live", to_state="live",
        publish_at=at, at=now,
    )  # fmt: skip
    report.count("scheduled updates")


def _live_coverage(report: SeedReport, now: datetime, writers: dict[str, Writer]) -> None:
    """The storm story as live coverage, with its entries (content.LIVE_ENTRIES); once."""
    from live.models import Coverage, Entry

    story = Article.objects.filter(slug=slugify_vi(content.LIVE_STORY)).first()
    if story is None or Coverage.objects.filter(article=story).exists():
        return
    first = max(spec["minutes_ago"] for spec in content.LIVE_ENTRIES)
    coverage = Coverage.objects.create(
        article=story, started_at=now - timedelta(minutes=first + 10)
    )
    for spec in content.LIVE_ENTRIES:
        published = now - timedelta(minutes=spec["minutes_ago"])
        correction = spec.get("correction", "")
        Entry.objects.create(
            coverage=coverage,
            writer=writers[spec["writer"]],
            body=f"<p>{escape(spec['text'])}</p>",
            is_key=spec.get("key", False),
            publish_at=published,
            correction=correction,
            corrected_at=published + timedelta(minutes=12) if correction else None,
        )
    report.count("live coverage")
    report.count("live entries", len(content.LIVE_ENTRIES))


def _accounts(report: SeedReport) -> dict[str, User]:
    users = {}
    for username, spec in DEMO_ACCOUNTS.items():
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "is_staff": True,
                "first_name": spec["name"][0],
                "last_name": spec["name"][1],
            },
        )
        if created:
            # Only at creation: a second run must not undo a changed password.
            user.set_password(spec["password"])
            user.save()
            report.count("accounts")
        user.groups.add(Group.objects.get(name=spec["group"]))
        report.accounts[username] = spec["password"]
        users[username] = user
    return users


def _sections(report: SeedReport) -> dict[str, Section]:
    sections = {}
    for position, spec in enumerate(content.SECTIONS):
        section, created = Section.objects.get_or_create(
            slug=spec["slug"],
            defaults={
                "name": spec["name"],
                "description": spec["description"],
                "position": position,
            },
        )
        report.count("sections", int(created))
        sections[section.slug] = section
    return sections


def _writers(report: SeedReport, users: dict[str, User]) -> dict[str, Writer]:
    writers = {}
    for index, spec in enumerate(content.WRITERS):
        slug = slugify_vi(spec["name"])
        writer, created = Writer.objects.get_or_create(
            slug=slug,
            defaults={
                "name": spec["name"],
                "job_title": spec["job_title"],
                "bio": spec["bio"],
                "photo": ensure_portrait(spec["name"], slug, index),
            },
        )
        account = users.get(spec["account"] or "")
        if account and writer.user_id is None:
            writer.user = account
            writer.save(update_fields=["user"])
        report.count("writers", int(created))
        writers[writer.name] = writer
    return writers


class _TagCache:
    def __init__(self, report: SeedReport) -> None:
        self.report = report
        self.tags: dict[str, Tag] = {}

    def __call__(self, name: str) -> Tag:
        if name not in self.tags:
            tag = Tag.objects.filter(name__iexact=name).first()
            if tag is None:
                tag = Tag.objects.create(name=name)
                self.report.count("tags")
            self.tags[name] = tag
        return self.tags[name]


def _paragraphs(texts: list[str]) -> str:
    return "\n".join(f"<p>{text}</p>" for text in texts)


def _body(spec: dict, picture: Image) -> str:
    """The story's paragraphs, with a library picture after the first one if it has one."""
    paragraphs = [f"<p>{text}</p>" for text in spec["body"]]
    if spec.get("body_picture"):
        caption = escape(spec["body_picture"])
        figure = f'<figure data-image="{picture.pk}"><figcaption>{caption}</figcaption></figure>'
        paragraphs.insert(1, figure)
    return "\n".join(paragraphs)


def _reference_stories(report, now, sections, writers, tags, illustrations) -> None:
    """The stories of the reference page, related to each other as they are there."""
    stories = []
    for index, spec in enumerate(content.reference_specs()):
        image = illustrations[index % len(illustrations)][0] if spec.get("hero_alt") else None
        story, created = Article.objects.get_or_create(
            slug=slugify_vi(spec["headline"]),
            defaults={
                "headline": spec["headline"],
                "kicker": spec.get("kicker", ""),
                "lead": spec["lead"],
                "body": _body(spec, illustrations[(index + 1) % len(illustrations)][0]),
                "dateline": spec["dateline"],
                "section": sections[spec["section"]],
                "status": Article.Status.PUBLISHED,
                "publish_at": now - timedelta(hours=spec["hours_ago"]),
                "priority": spec["priority"],
                "hero_image": image,
                "hero_caption": spec.get("hero_caption", "") if image else "",
            },
        )
        if created:
            report.count("stories")
            for position, name in enumerate(spec["writers"]):
                role = _role_for(writers[name])
                Byline.objects.create(
                    article=story, writer=writers[name], role=role, position=position
                )
            story.tags.set([tags(name) for name in spec["tags"]])
        stories.append(story)
    reference, related = stories[0], stories[1:]
    _relate(reference, related)
    for story in related[:3]:  # the Ukraine stories point back at each other
        _relate(story, [reference, *(other for other in related[:3] if other != story)])


def _vietnamese_edition(report, now, generated, sections, writers, tags, illustrations) -> None:
    """The Vietnamese edition (docs/editions.md): the sections' Vietnamese names, the originals
    of the reference page's stories with the English stories linked to them as their
    translations, two originals changed since (so the desk has translations to bring up to
    date), and generated stories so that every list of the edition paginates."""
    for slug, names in content_vi.SECTIONS.items():
        section = sections.get(slug)
        if section is not None and section.names.get("vi") != names["name"]:
            section.names = {**section.names, "vi": names["name"]}
            section.descriptions = {**section.descriptions, "vi": names["description"]}
            section.save(update_fields=["names", "descriptions"])
    originals = {}
    for index, spec in enumerate(content.reference_specs()):
        english = Article.objects.filter(slug=slugify_vi(spec["headline"])).first()
        words = content_vi.ORIGINALS.get(spec["headline"])
        if english is None or words is None:
            continue
        # The same library picture in the body as the translation's (`_reference_stories`).
        picture = illustrations[(index + 1) % len(illustrations)][0]
        originals[spec["headline"]] = _original(report, english, spec, words, tags, picture)
    if originals:
        _relate(*_ordered(originals))
    _source_changed(report, now, originals)
    count = generated * content_vi.GENERATED // 300 if generated < 300 else content_vi.GENERATED
    _generated_stories(
        report, now, count, sections, writers, tags, illustrations, _vietnamese_words()
    )


def _ordered(originals: dict[str, Article]) -> tuple[Article, list[Article]]:
    """The Vietnamese reference story and its related news, in the reference page's order."""
    stories = [
        originals[s["headline"]] for s in content.reference_specs() if s["headline"] in originals
    ]
    return stories[0], stories[1:]


def _original(report, english: Article, spec: dict, words: dict, tags, picture: Image) -> Article:
    """The Vietnamese original of an English reference story, published twenty minutes before
    it, by its writers less the translator; the English story becomes its translation, made
    when the English story was published. Once."""
    from workflow.translating import snapshot

    slug = slugify_vi(words["headline"])
    original = Article.objects.filter(slug=slug).first()
    if original is not None:
        return original
    assert english.publish_at is not None  # the reference page's stories are published
    publish_at = english.publish_at - timedelta(minutes=20)
    original = Article.objects.create(
        edition="vi",
        slug=slug,
        headline=words["headline"],
        kicker=words.get("kicker", ""),
        lead=words["lead"],
        body=_body({**words, "body_picture": spec.get("body_picture") and BODY_PICTURE}, picture),
        dateline=words.get("dateline", english.dateline),
        section=english.section,
        status=Article.Status.PUBLISHED,
        publish_at=publish_at,
        priority=english.priority,
        hero_image=english.hero_image,
        hero_caption=words.get("hero_caption", "") if english.hero_image else "",
    )
    report.count("Vietnamese originals")
    credits = [b for b in english.bylines.all() if b.role != Byline.Role.TRANSLATOR]
    Byline.objects.bulk_create(
        Byline(article=original, writer=b.writer, role=b.role, position=b.position) for b in credits
    )
    original.tags.set([tags(name) for name in words["tags"]])
    english.translation_of = original
    english.source_synced_at = english.publish_at
    english.source_snapshot = snapshot(original)
    english.save(update_fields=["translation_of", "source_synced_at", "source_snapshot"])
    if not english.bylines.filter(role=Byline.Role.TRANSLATOR).exists():
        translator = Writer.objects.filter(slug=slugify_vi(DEMO_TRANSLATOR)).first()
        if translator is not None:
            Byline.objects.create(
                article=english,
                writer=translator,
                role=Byline.Role.TRANSLATOR,
                position=english.bylines.count(),
            )
    return original


# The caption of the picture in a Vietnamese original's body, where its translation has one.
BODY_PICTURE = "Lưới điện sau các đợt tấn công (ảnh minh họa)."

# Who translated the reference page's stories that credit no translator.
DEMO_TRANSLATOR = "Đỗ Minh Quân"


def _source_changed(report, now, originals: dict[str, Article]) -> None:
    """After their translations were made, one original got a material update and another a
    correction: the desk marks both translations "source changed" (content_vi). Once."""
    from articles.models import Correction

    update = content_vi.SOURCE_UPDATE
    original = originals.get(update["translation"])
    if original is not None and original.updated_at is None:
        original.lead = update["lead"]
        original.body = original.body + "\n" + f"<p>{escape(update['paragraph'])}</p>"
        original.updated_at = now - timedelta(hours=update["hours_ago"])
        original.save(update_fields=["lead", "body", "updated_at"])
        report.count("Vietnamese originals updated since their translation")
    correction = content_vi.SOURCE_CORRECTION
    original = originals.get(correction["translation"])
    if original is not None and not original.corrections.exists():
        Correction.objects.create(
            article=original,
            text=correction["text"],
            published_at=now - timedelta(hours=correction["hours_ago"]),
        )
        report.count("Vietnamese originals corrected since their translation")


def _relate(story: Article, picks: list[Article]) -> None:
    if story.related_links.exists():
        return
    RelatedArticle.objects.bulk_create(
        RelatedArticle(article=story, related=pick, position=position)
        for position, pick in enumerate(picks)
    )


def _role_for(writer: Writer) -> str:
    title = writer.job_title.lower()
    if "translator" in title:
        return Byline.Role.TRANSLATOR
    if "photographer" in title:
        return Byline.Role.PHOTOGRAPHER
    return Byline.Role.REPORTER


# Non-live stories mixed into the generated ones, so the admin and the visibility rule have
# something to show: (status, offset of publish_at from now, expire after).
NON_LIVE = [
    (Article.Status.DRAFT, None, None),
    (Article.Status.DRAFT, None, None),
    (Article.Status.DRAFT, None, None),
    (Article.Status.IN_REVIEW, None, None),
    (Article.Status.IN_REVIEW, None, None),
    (Article.Status.PUBLISHED, timedelta(hours=2), None),  # scheduled
    (Article.Status.PUBLISHED, timedelta(days=1), None),  # scheduled
    (Article.Status.PUBLISHED, timedelta(days=-9), timedelta(days=2)),  # expired
    (Article.Status.WITHDRAWN, timedelta(days=-4), None),
]


@dataclass(frozen=True)
class _Words:
    """What one edition's generated stories are made of."""

    edition: str
    seed: int
    templates: dict
    paragraphs: list[str]
    taken: frozenset[str]  # the edition's own hand-written stories' slugs
    translated: bool  # some stories credit a translator (the English edition's)


def _english_words() -> _Words:
    taken = frozenset(slugify_vi(spec["headline"]) for spec in content.reference_specs())
    return _Words("en", RANDOM_SEED, content.STORY_TEMPLATES, content.BODY_PARAGRAPHS, taken, True)


def _vietnamese_words() -> _Words:
    taken = frozenset(slugify_vi(spec["headline"]) for spec in content_vi.ORIGINALS.values())
    return _Words(
        "vi", RANDOM_SEED + 1, content_vi.STORY_TEMPLATES, content_vi.BODY_PARAGRAPHS, taken,
        False,
    )  # fmt: skip


def _generated_stories(
    report, now, count, sections, writers, tags, illustrations, words: _Words | None = None
) -> None:
    words = words or _english_words()
    rng = random.Random(words.seed)
    # Slugs are planned against the demo's own stories only, so every run plans the same slugs
    # and a second run finds the stories the first one made. Slugs are unique across editions,
    # so the Vietnamese edition's are planned after every English one.
    taken = set(words.taken)
    if words.edition != "en":
        taken |= _english_words().taken | set(
            Article.objects.filter(edition="en").values_list("slug", flat=True)
        )
    reporters = [w for w in writers.values() if _role_for(w) == Byline.Role.REPORTER]
    translators = [w for w in writers.values() if _role_for(w) == Byline.Role.TRANSLATOR]
    photographers = [w for w in writers.values() if _role_for(w) == Byline.Role.PHOTOGRAPHER]
    planned = []
    for index in range(count):
        story, tag_names = _plan_story(rng, index, now, sections, illustrations, words)
        credits = [(rng.choice(reporters), Byline.Role.REPORTER)]
        if words.translated and translators and rng.random() < 0.15:
            credits.append((rng.choice(translators), Byline.Role.TRANSLATOR))
        if photographers and story.hero_image_id and rng.random() < 0.3:
            credits.append((rng.choice(photographers), Byline.Role.PHOTOGRAPHER))
        slug = unique_slug(story.headline, taken=taken.__contains__)
        planned.append((slug, story, credits, tag_names))
        taken.add(slug)
    existing = set(
        Article.objects.filter(slug__in=[p[0] for p in planned]).values_list("slug", flat=True)
    )
    new = [
        (slug, story, credits, names)
        for slug, story, credits, names in planned
        if slug not in existing
    ]
    for slug, story, _, _ in new:
        story.slug = slug
        story.first_published_at = (
            story.publish_at if story.status == Article.Status.PUBLISHED else None
        )
    Article.objects.bulk_create([story for _, story, _, _ in new], batch_size=200)
    Byline.objects.bulk_create(
        Byline(article=story, writer=writer, role=role, position=position)
        for _, story, credits, _ in new
        for position, (writer, role) in enumerate(credits)
    )
    TaggedArticle.objects.bulk_create(
        TaggedArticle(content_object=story, tag=tags(name))
        for _, story, _, names in new
        for name in names
    )
    report.count("stories", len(new))


def _plan_story(rng, index, now, sections, illustrations, words: _Words):
    section_slug = rng.choice(list(words.templates))
    template = rng.choice(words.templates[section_slug])
    place, number = rng.choice(content.PLACES), rng.randint(2, 95)
    values = {"place": place, "n": number}
    paragraphs = rng.sample(words.paragraphs, k=rng.randint(3, 5))
    status, offset, expire_after = Article.Status.PUBLISHED, None, None
    if index % 33 == 7:
        status, offset, expire_after = NON_LIVE[(index // 33) % len(NON_LIVE)]
    publish_at = now - timedelta(hours=6 + index * 4, minutes=rng.randint(0, 59))
    if offset is not None:
        publish_at = now + offset
    elif status != Article.Status.PUBLISHED:
        publish_at = None
    image, _ = rng.choice(illustrations) if rng.random() < 0.4 else (None, "")
    story = Article(
        edition=words.edition,
        headline=template["headline"].format(**values),
        lead=template["lead"].format(**values),
        body=_paragraphs([p.format(**values) for p in paragraphs]),
        dateline=place if rng.random() < 0.5 else "",
        section=sections[section_slug],
        status=status,
        publish_at=publish_at,
        expire_at=publish_at + expire_after if publish_at and expire_after else None,
        priority=Article.Priority.TOP if index in (1, 2, 4) else Article.Priority.NORMAL,
        hero_image=image,
    )
    tag_names = list(dict.fromkeys([*template["tags"], place if rng.random() < 0.3 else None]))
    return story, [name for name in tag_names if name]
