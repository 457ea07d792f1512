"""Who may change or delete a picture in the library: the editorial rule, and the Django
permission backend through which the image admin asks for it.

A picture is as open to change as the stories that show it. Editors (and superusers) may change
any picture. A journalist may change a picture only while every story that shows it is a draft
of theirs (a returned story is a draft again): the same rule as for the story's text
(`roles.can_edit_content`); a story shows a picture as its hero image, in its body or in an
entry of its live coverage. A picture
that nothing shows is its uploader's. Anything else that
shows a picture (a writer's photo; any later use of the library) makes it editors' only.

The images app sits below the stories and the workflow and imports neither: its admin asks
Django for the object permission (`user.has_perm("images.change_image", image)`), and
`PicturePermissions`, listed in settings.AUTHENTICATION_BACKENDS, answers from `may_change()`.
Without this backend no one but a superuser may change an existing picture: the safe default.
"""

from __future__ import annotations

from django.contrib.auth.backends import BaseBackend
from django.db.models import Exists, OuterRef, Q

from articles.models import Article, Byline
from images.models import Image
from workflow.roles import User, is_editor, writer_of

# The object permissions this rule decides; the model permission is still needed as well.
PERMISSIONS = frozenset({"images.change_image", "images.delete_image"})
HERO = Article._meta.get_field("hero_image")


def may_change(user: User, image: Image) -> bool:
    """Whether `user` may change (or, with the model permission, delete) `image`."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    if is_editor(user):
        return True
    if _shown_other_than_as_hero(image):
        return False
    stories = Article.objects.filter(Q(hero_image=image) | in_body(image.pk))
    if not stories.exists():
        return image.uploaded_by_id is not None and image.uploaded_by_id == user.pk
    writer = writer_of(user)
    if writer is None:
        return False
    theirs = Byline.objects.filter(article=OuterRef("pk"), writer=writer)
    drafts_of_theirs = Q(status=Article.Status.DRAFT) & Exists(theirs)
    return not stories.exclude(drafts_of_theirs).exists()


def in_body(image_id: int) -> Q:
    """Stories whose body, or one of whose live coverage entries (live/), shows the picture (its
    placeholder, articles/body.py). A scan of the bodies (LIKE '%…%'), run only when a
    journalist opens or saves a picture."""
    placeholder = f'<figure data-image="{int(image_id)}"'
    return Q(body__contains=placeholder) | Q(coverage__entries__body__contains=placeholder)


def _shown_other_than_as_hero(image: Image) -> bool:
    """A writer's photo, or any other model that points at the picture (found from the model's
    relations, so a new use is editors' until this rule says otherwise)."""
    for relation in Image._meta.related_objects:
        if relation.field is HERO:
            continue
        model = relation.related_model
        if model._base_manager.filter(**{relation.field.name: image}).exists():
            return True
    return False


class PicturePermissions(BaseBackend):
    """Answers `user.has_perm("images.change_image", image)` (and delete) with the rule above,
    for users who hold the model permission. Grants nothing else; authenticates no one."""

    def has_perm(self, user_obj, perm: str, obj=None) -> bool:
        if perm not in PERMISSIONS or not isinstance(obj, Image):
            return False
        return user_obj.has_perm(perm) and may_change(user_obj, obj)
