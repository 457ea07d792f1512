"""Who someone is to a story: an editor (or superuser), one of its writers, or neither; and
the editions a person works in (a staff member may be limited to some: `StaffSettings.editions`).
Outside their editions a person has no role on a story, so every move, edit and preview the
roles decide is refused there too."""

from __future__ import annotations

from django.contrib.auth import models as auth

from articles.models import Article, Byline
from editions import config as editions
from staff.models import settings_for

# Who is asking: a staff login (django.contrib.auth's User) or nobody signed in.
User = auth.User | auth.AnonymousUser

PUBLISH_PERMISSION = "articles.publish_article"


def is_editor(user: User) -> bool:
    """Editors hold the publish permission (the Editors group has it); superusers hold all."""
    return bool(user.is_authenticated and user.is_active and user.has_perm(PUBLISH_PERMISSION))


def writer_of(user: User):
    """The byline linked to this login, or None."""
    if not user.is_authenticated:
        return None
    return getattr(user, "writer", None)


def is_writer_of(user: User, article: Article) -> bool:
    writer = writer_of(user)
    if writer is None or article.pk is None:
        return False
    return Byline.objects.filter(article_id=article.pk, writer=writer).exists()


def editions_of(user: User) -> frozenset[str] | None:
    """The codes of the editions `user` works in, or None for every edition (no limit set;
    superusers are never limited). Read once per user object."""
    if not user.is_authenticated or user.is_superuser:
        return None
    if hasattr(user, "_newsroom_editions"):
        cached: frozenset[str] | None = user._newsroom_editions
        return cached
    known = {edition.code for edition in editions.all_editions()}
    chosen = frozenset(code for code in settings_for(user).editions or [] if code in known)
    limit = chosen or None
    user._newsroom_editions = limit  # type: ignore[attr-defined]
    return limit


def works_in(user: User, code: str) -> bool:
    """Whether `user`'s editions include the edition `code`."""
    limit = editions_of(user)
    return limit is None or code in limit


def edition_choices(user: User) -> list[tuple[str, str]]:
    """The editions `user` may put a story in, as (code, name)."""
    return [(code, name) for code, name in editions.choices() if works_in(user, code)]


def may_write_in(user: User, code: str) -> bool:
    """Whether `user` may create a story in edition `code`: an editor or a journalist with a
    byline, working in that edition."""
    return bool(
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and (is_editor(user) or writer_of(user) is not None)
        and works_in(user, code)
    )


def roles_for(user: User, article: Article) -> frozenset[str]:
    """The roles the transition table speaks of: "editor" and/or "writer". None outside the
    person's editions."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return frozenset()
    if not works_in(user, article.edition):
        return frozenset()
    roles = set()
    if is_editor(user):
        roles.add("editor")
    if is_writer_of(user, article):
        roles.add("writer")
    return frozenset(roles)


def can_edit_content(user: User, article: Article) -> bool:
    """Editors edit any story; a writer edits their own story while it is a draft."""
    roles = roles_for(user, article)
    if "editor" in roles:
        return True
    return "writer" in roles and article.status == Article.Status.DRAFT


def can_preview(user: User, article: Article) -> bool:
    return bool(roles_for(user, article))
