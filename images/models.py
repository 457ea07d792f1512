from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from images import renditions


def _fraction_validators():
    return [MinValueValidator(0.0), MaxValueValidator(1.0)]


class Image(models.Model):
    """A picture in the library, used as a story's hero image or a writer's photo.

    The stored file is the re-encoded upload (metadata stripped, orientation applied; see
    images/uploads.py). Renditions live beside it under deterministic names derived from
    `rendition_key()`; `renditions_key` records which set exists, so a page builds every URL
    from the row alone, without a query or a storage call per picture.

    An upload is cleaned by the background worker (images/tasks.py): until then it waits, as
    received, in the private "incoming" storage (`pending_upload`), and `file` is the previous
    picture or, for a new image, empty: pages show no picture rather than an uncleaned one.
    """

    file = models.ImageField(
        upload_to="images/%Y/%m/",
        width_field="width",
        height_field="height",
        blank=True,  # only while a new image's first upload waits to be cleaned
        verbose_name=_("file"),
        help_text=_(
            "JPEG, PNG, WebP or GIF. GPS and other metadata are removed when it is stored."
        ),
    )
    width = models.PositiveIntegerField(_("width"), editable=False, default=0)
    height = models.PositiveIntegerField(_("height"), editable=False, default=0)
    transparent = models.BooleanField(
        _("transparent"),
        editable=False,
        default=False,
        help_text=_("Has an alpha channel: PNG fallbacks, not JPEG."),
    )
    sha256 = models.CharField(max_length=64, editable=False, blank=True, db_index=True)
    alt_text = models.CharField(
        _("alt text"),
        max_length=250,
        blank=True,
        help_text=_(
            "What the picture shows, for readers who cannot see it. A story using this "
            "image cannot be published without it."
        ),
    )
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    credit = models.CharField(
        _("credit / source"), max_length=120, blank=True, help_text=_("e.g. Photo: Reuters.")
    )
    focal_x = models.FloatField(
        _("focal point x"),
        default=0.5,
        validators=_fraction_validators(),
        help_text=_("0 = left edge, 1 = right edge. Crops keep this point in view."),
    )
    focal_y = models.FloatField(
        _("focal point y"),
        default=0.5,
        validators=_fraction_validators(),
        help_text=_("0 = top edge, 1 = bottom edge."),
    )
    renditions_key = models.CharField(max_length=16, editable=False, blank=True)
    pending_upload = models.CharField(
        max_length=255,
        editable=False,
        blank=True,
        verbose_name=_("upload waiting"),
        help_text=_("An upload waiting to be cleaned: its name in the private incoming storage."),
    )
    processing_error = models.TextField(
        editable=False,
        blank=True,
        verbose_name=_("processing error"),
        help_text=_("Why the worker gave up cleaning the upload or making the renditions."),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("picture")
        verbose_name_plural = _("pictures")
        constraints = [
            models.CheckConstraint(
                condition=Q(focal_x__gte=0, focal_x__lte=1, focal_y__gte=0, focal_y__lte=1),
                name="image_focal_point_inside",
                violation_error_message=_("The focal point must lie inside the picture (0 to 1)."),
            )
        ]

    def __str__(self) -> str:
        label = self.alt_text or self.caption or self.file_name.rsplit("/", 1)[-1]
        return f"{label} ({self.width}×{self.height})"

    def clean(self) -> None:
        if not (0 <= self.focal_x <= 1 and 0 <= self.focal_y <= 1):
            raise ValidationError(_("The focal point must lie inside the picture (0 to 1)."))

    @property
    def has_alt_text(self) -> bool:
        return bool(self.alt_text.strip())

    # --- Renditions ---------------------------------------------------------------------------

    def rendition_key(self) -> str:
        """Changes whenever the file or the focal point changes, so stale renditions are
        never served: their names no longer match."""
        return renditions.current_key(self)

    @property
    def has_renditions(self) -> bool:
        return renditions.has_current(self)

    @property
    def has_file(self) -> bool:
        """Whether there is a cleaned picture to show (not yet, for a new upload)."""
        return bool(self.file_name)

    @property
    def file_name(self) -> str:
        return self.file.name or ""

    def sources(self, crop: str = "full") -> renditions.Sources:
        """Everything a <picture> needs for one crop: its rendition plan (srcsets, src, size).
        The public templates write the tag (public/jinja2/includes/cards.html)."""
        return renditions.sources_for(self, crop)

    def rendition_url(self, width: int, crop: str = "full", fmt: str | None = None) -> str:
        """The URL of the largest rendition no wider than `width` (or the smallest one), in
        `fmt` ("webp", "jpeg" or "png"; default: the fallback format). The original file's
        URL while renditions are not made yet; "" while a new upload waits to be cleaned.
        """
        return renditions.url_for(self, width, crop, fmt)

    def pick(
        self, width: int, crop: str = "full", fmt: str | None = None
    ) -> renditions.Picked | None:
        """Like rendition_url(), with the chosen file's width, height and content type; None
        while a new upload waits to be cleaned (there is nothing to show yet). For feeds and
        APIs (e.g. ninjs associations)."""
        return renditions.pick(self, width, crop, fmt)


class ImageRow:
    """A library image as a story card reads it: the columns its <picture> needs, as a plain
    object (public.cards). Building an Image instance per card was a third of a list's
    reading. It answers `sources()`, `has_renditions` and `alt_text` as Image does."""

    __slots__ = (
        "pk",
        "file_name",
        "width",
        "height",
        "transparent",
        "sha256",
        "alt_text",
        "focal_x",
        "focal_y",
        "renditions_key",
    )
    pk: int
    file_name: str
    width: int
    height: int
    transparent: bool
    sha256: str
    alt_text: str
    focal_x: float
    focal_y: float
    renditions_key: str
    # The Image columns, in the order of the attributes above (a card's row reads them).
    FIELDS = tuple({"pk": "id", "file_name": "file"}.get(name, name) for name in __slots__)

    def __init__(  # the row's columns, in FIELDS' order
        self,
        pk: int,
        file_name: str,
        width: int,
        height: int,
        transparent: bool,
        sha256: str,
        alt_text: str,
        focal_x: float,
        focal_y: float,
        renditions_key: str,
    ) -> None:
        # Assigned one by one, not by a loop over __slots__ (a setattr() call each): the home
        # page makes some eighty of these.
        self.pk = pk
        self.file_name = file_name
        self.width = width
        self.height = height
        self.transparent = transparent
        self.sha256 = sha256
        self.alt_text = alt_text
        self.focal_x = focal_x
        self.focal_y = focal_y
        self.renditions_key = renditions_key

    @property
    def has_renditions(self) -> bool:
        return renditions.has_current(self)

    @property
    def has_file(self) -> bool:
        """Whether there is a cleaned picture to show (not yet, for a new upload)."""
        return bool(self.file_name)

    def sources(self, crop: str = "full") -> renditions.Sources:
        return renditions.sources_for(self, crop)
