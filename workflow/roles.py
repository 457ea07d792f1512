"""Who someone is to a story: an editor (or superuser), one of its writers, or neither."""

from __future__ import annotations

from django.contrib.auth import models as auth

from articles.models import Article, Byline

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


def roles_for(user: User, article: Article) -> frozenset[str]:
    """The roles the transition table speaks of: "editor" and/or "writer"."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
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
