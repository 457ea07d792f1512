"""Every write path that changes what readers see invalidates the pages that show it.

Model signals, so the admin, the workflow, imports and the shell are all covered. Each change
bumps the versions of what it touches (pagecache.versions) twice: at once, and again when the
transaction commits, so a page rendered from the old rows while the transaction was open is
stale too. A story change that concerns readers (it is, or was, published: live, scheduled or
expired) refreshes its own page, its section (old and new), its tags, its writers, the stories
whose related picks name it, the pages of its other versions (its original and translations,
which link to it while it is live), the home page and every latest-stories list.

`QuerySet.update()` and `bulk_create()` send no signals: code that uses them on stories calls
`invalidate_everything()` afterwards (the benchmark's seeding does).

While the shared cache is unreachable a write saves as usual but its bumps are lost, and Redis
may come back with pages stored before the outage: so every process that saw the outage marks
every stored page stale when it finds the cache again, before it serves from it
(`_cache_reconnected`; core.signals, newsroom/cache.py).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from articles.models import Article, Byline, Correction, RelatedArticle, TaggedArticle
from core.signals import cache_reconnected
from images.models import Image
from images.signals import files_changed
from pagecache import versions
from pagecache.versions import per_edition
from sections.models import Section
from tags.models import Tag
from writers.models import Writer

PUBLISHED = Article.Status.PUBLISHED
# What a story's save compares with the row before it.
REMEMBERED = ("status", "section_id", "edition", "translation_of_id")


def invalidate(keys: Iterable[str]) -> None:
    keys = set(keys)
    versions.bump(keys)
    transaction.on_commit(lambda: versions.bump(keys))


def invalidate_everything() -> None:
    invalidate({"site", "lists", *per_edition("home")})


def story_keys(
    article_id: int, section_ids: Iterable[int] = (), codes: Iterable[str] | None = None
) -> set[str]:
    """What shows a published story: its page, its edition's home page and lists (`codes`: its
    edition, and the one it had before a change; every edition when unknown), the
    latest-stories lists and related blocks."""
    tag_ids = TaggedArticle.objects.filter(content_object_id=article_id).values_list("tag_id")
    writer_ids = Byline.objects.filter(article_id=article_id).values_list("writer_id")
    pickers = RelatedArticle.objects.filter(related_id=article_id).values_list("article_id")
    codes = None if codes is None else set(codes)
    return {
        f"article:{article_id}",
        "lists",
        *per_edition("home", codes=codes),
        *per_edition(*(f"section:{pk}" for pk in section_ids), codes=codes),
        *per_edition(*(f"tag:{pk}" for (pk,) in tag_ids), codes=codes),
        *per_edition(*(f"writer:{pk}" for (pk,) in writer_ids), codes=codes),
        *(f"article:{pk}" for (pk,) in pickers),
    }


def version_keys(article_id: int, originals: Iterable[int | None]) -> set[str]:
    """The pages of a story's other versions, which link to it while it is live: a change to
    its state, address or headline changes them (`originals`: the story's original, now and
    before the change, if it translates one)."""
    return {f"article:{pk}" for pk in _versions(article_id, originals)}


def _versions(article_id: int, originals: Iterable[int | None]) -> list[int]:
    """The story's other versions in any state and edition (as Article.objects.versions_of, for
    each original it has or had)."""
    found = Q(translation_of_id=article_id)
    for original in {pk for pk in originals if pk is not None}:
        found |= Q(pk=original) | Q(translation_of_id=original)
    return list(Article.objects.filter(found).exclude(pk=article_id).values_list("pk", flat=True))


def _story_changed(article_id: int, *, links: Iterable[str] = ()) -> set[str]:
    """A change to one of a story's parts (byline, tag, correction, pick); `links`: the lists
    it changes beside the story's own ("writer:3", "tag:5"), in the story's edition."""
    row = Article.objects.filter(pk=article_id).values("status", "section_id", "edition").first()
    codes = None if row is None else [row["edition"]]
    keys = per_edition(*links, codes=codes)
    if row is None or row["status"] != PUBLISHED:
        return {f"article:{article_id}", *keys}
    return story_keys(article_id, [row["section_id"]], codes) | keys


# --- Stories ------------------------------------------------------------------------------------


@receiver(pre_save, sender=Article)
def _remember_story(sender, instance: Article, raw=False, **kwargs) -> None:
    old = None
    if instance.pk and not raw:
        old = Article.objects.filter(pk=instance.pk).values(*REMEMBERED).first()
    instance._pagecache_old = old  # type: ignore[attr-defined]


@receiver(post_save, sender=Article)
def _story_saved(sender, instance: Article, raw=False, **kwargs) -> None:
    old = getattr(instance, "_pagecache_old", None) or {}
    if instance.status != PUBLISHED and old.get("status") != PUBLISHED:
        invalidate({f"article:{instance.pk}"})  # a draft: no reader has seen it
        return
    sections = {instance.section_id, old.get("section_id") or instance.section_id}
    codes = {instance.edition, old.get("edition") or instance.edition}
    originals = {instance.translation_of_id, old.get("translation_of_id")}
    keys = story_keys(instance.pk, sections, codes)
    invalidate(keys | version_keys(instance.pk, originals))


@receiver(pre_delete, sender=Article)
def _story_deleted(sender, instance: Article, **kwargs) -> None:
    # Before the cascade removes the bylines and tags that say where the story showed.
    keys = story_keys(instance.pk, [instance.section_id], [instance.edition])
    invalidate(keys | version_keys(instance.pk, [instance.translation_of_id]))


# --- A story's parts ----------------------------------------------------------------------------


@receiver(pre_save, sender=Byline)
@receiver(pre_save, sender=TaggedArticle)
def _remember_part(sender, instance, raw=False, **kwargs) -> None:
    old = None
    if instance.pk and not raw:
        old = sender.objects.filter(pk=instance.pk).values().first()
    instance._pagecache_old = old


@receiver(post_save, sender=Byline)
@receiver(post_delete, sender=Byline)
def _byline_changed(sender, instance: Byline, **kwargs) -> None:
    old = getattr(instance, "_pagecache_old", None) or {}
    writers = {instance.writer_id, old.get("writer_id") or instance.writer_id}
    invalidate(_story_changed(instance.article_id, links=[f"writer:{pk}" for pk in writers]))


@receiver(post_save, sender=TaggedArticle)
@receiver(post_delete, sender=TaggedArticle)
def _tagging_changed(sender, instance: TaggedArticle, **kwargs) -> None:
    old = getattr(instance, "_pagecache_old", None) or {}
    tags = {instance.tag_id, old.get("tag_id") or instance.tag_id}
    invalidate(_story_changed(instance.content_object_id, links=[f"tag:{pk}" for pk in tags]))


@receiver(post_save, sender=RelatedArticle)
@receiver(post_delete, sender=RelatedArticle)
@receiver(post_save, sender=Correction)
@receiver(post_delete, sender=Correction)
def _page_part_changed(sender, instance, **kwargs) -> None:
    # Picks and corrections show only on the story's own page.
    invalidate({f"article:{instance.article_id}"})


@receiver(m2m_changed, sender=Article.writers.through)
@receiver(m2m_changed, sender=Article.tags.through)
@receiver(m2m_changed, sender=Article.related.through)
def _story_links_changed(sender, instance, action, model, pk_set, **kwargs) -> None:
    """`article.writers.add(...)` and the like bulk-create rows without post_save."""
    if action not in {"pre_clear", "post_add", "post_remove", "post_clear"}:
        return
    if not isinstance(instance, Article):
        invalidate({"site"})  # from the writer's or tag's side: rare, refresh everything
        return
    kind = {Writer: "writer", Tag: "tag"}.get(model)
    links = [f"{kind}:{pk}" for pk in pk_set or () if kind]
    invalidate(_story_changed(instance.pk, links=links))


# --- Names shown on every page ------------------------------------------------------------------


@receiver(post_save, sender=Section)
@receiver(post_delete, sender=Section)
@receiver(post_save, sender=Writer)
@receiver(post_delete, sender=Writer)
@receiver(post_save, sender=Tag)
@receiver(post_delete, sender=Tag)
def _name_changed(sender, instance, **kwargs) -> None:
    # Navigation, cards and bylines on any page may show the name: refresh every page.
    invalidate({"site", *per_edition(f"{sender._meta.model_name}:{instance.pk}")})


# --- Pictures -----------------------------------------------------------------------------------


def image_keys(image_id: int) -> set[str]:
    """What shows a library picture: the published stories it heads (their pages, lists and
    related blocks) and the pages of the writers it portrays."""
    keys: set[str] = set()
    stories = Article.objects.filter(hero_image_id=image_id, status=PUBLISHED)
    for pk, section_id, code in stories.values_list("pk", "section_id", "edition"):
        keys |= story_keys(pk, [section_id], [code])
    writers = Writer.objects.filter(photo_id=image_id).values_list("pk", flat=True)
    # `image:<id>`: the story pages that show it in their body (public.selectors.story_page).
    return keys | per_edition(*(f"writer:{pk}" for pk in writers)) | {f"image:{image_id}"}


@receiver(post_save, sender=Image)
def _image_saved(sender, instance: Image, raw=False, **kwargs) -> None:
    # Alt text, caption, credit, focal point or the file itself: every page showing it.
    if not raw:
        invalidate(image_keys(instance.pk))


@receiver(post_delete, sender=Image)
def _image_deleted(sender, instance: Image, **kwargs) -> None:
    # A story whose body showed it shows nothing in its place.
    invalidate({f"image:{instance.pk}"})


@receiver(files_changed)
def _image_files_changed(sender, image: Image, **kwargs) -> None:
    # Before the old files are deleted: no stored page keeps pointing at them.
    invalidate(image_keys(image.pk))


# --- The shared cache back after an outage ------------------------------------------------------


@receiver(cache_reconnected)
def _cache_reconnected(sender, **kwargs) -> None:
    # Every page depends on `site`. Not through invalidate(): no transaction is involved.
    versions.bump({"site"})
