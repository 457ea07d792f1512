"""The foundation's plain picture fields move into the image library without losing anything
(articles/migrations/0004_images_hero_image.py, writers/migrations/0002_images_photo.py)."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.images import picture_bytes

# Sections as they were then too: their later columns (names per edition) have no database
# default, so the old Section model could not insert a row.
BEFORE = [
    ("articles", "0003_workflow_roles"),
    ("writers", "0001_initial"),
    ("sections", "0002_alter_section_options_alter_section_description_and_more"),
]
AFTER = [("articles", "0004_images_hero_image"), ("writers", "0002_images_photo")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_schema():
    apps = _migrate(BEFORE)
    yield apps
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_hero_files_and_writer_photos_become_library_images(old_schema):
    apps = old_schema
    Section, Writer = apps.get_model("sections", "Section"), apps.get_model("writers", "Writer")
    Article = apps.get_model("articles", "Article")
    hero = default_storage.save("heroes/2024/11/flood.jpg", ContentFile(picture_bytes((80, 45))))
    photo = default_storage.save("writers/2024/ha.jpg", ContentFile(picture_bytes((30, 40))))
    section = Section.objects.create(name="World", slug="world")
    Writer.objects.create(name="Thanh Hà", slug="thanh-ha", sort_name="thanh ha",
                          photo=photo, photo_width=30, photo_height=40)  # fmt: skip
    common = {"lead": "Lead.", "section": section, "hero_image": hero, "hero_width": 80,
              "hero_height": 45, "hero_alt": "A flooded street",
              "hero_credit": "Photo: AP"}  # fmt: skip
    first = Article.objects.create(headline="One", slug="one", hero_caption="Water rose.", **common)
    second = Article.objects.create(headline="Two", slug="two", hero_caption="Later.", **common)
    bare = Article.objects.create(headline="Three", slug="three", lead="Lead.", section=section)

    apps = _migrate(AFTER)
    Image = apps.get_model("images", "Image")
    Article, Writer = apps.get_model("articles", "Article"), apps.get_model("writers", "Writer")
    image = Image.objects.get(file=hero)  # one library image for the shared file
    assert (image.width, image.height, image.alt_text, image.credit, image.caption) == (
        80, 45, "A flooded street", "Photo: AP", "Water rose."
    )  # fmt: skip
    assert len(image.sha256) == 64
    assert Article.objects.get(pk=first.pk).hero_image_id == image.pk
    assert Article.objects.get(pk=first.pk).hero_caption == ""  # the image carries it
    assert Article.objects.get(pk=second.pk).hero_caption == "Later."  # kept as the story's own
    assert Article.objects.get(pk=bare.pk).hero_image_id is None
    portrait = Writer.objects.get(slug="thanh-ha").photo
    assert (portrait.file.name, portrait.width, portrait.alt_text) == (
        photo, 30, "Portrait of Thanh Hà"
    )  # fmt: skip
    assert Image.objects.count() == 2
    assert default_storage.exists(hero)  # the file stays where it was
