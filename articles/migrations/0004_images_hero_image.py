# The hero image moves into the image library: Article.hero_image becomes a foreign key to
# images.Image; hero_width/height/alt/credit move onto the Image; hero_caption stays as the
# story's optional own caption. Files stay where they are (images/legacy.py).

import django.db.models.deletion
from django.db import migrations, models

from images import legacy


def forwards(apps, schema_editor):
    legacy.check_constraints_now(schema_editor)
    legacy.move_article_heroes(
        apps.get_model("articles", "Article"), apps.get_model("images", "Image")
    )


def backwards(apps, schema_editor):
    legacy.check_constraints_now(schema_editor)
    legacy.restore_article_heroes(
        apps.get_model("articles", "Article"), apps.get_model("images", "Image")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_workflow_roles"),
        ("images", "0001_initial"),
    ]

    operations = [
        migrations.RenameField("article", "hero_image", "hero_file"),
        migrations.AddField(
            model_name="article",
            name="hero_image",
            field=models.ForeignKey(
                blank=True,
                help_text="From the image library. Its alt text is required before publishing.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="hero_of",
                to="images.image",
            ),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField("article", "hero_file"),
        migrations.RemoveField("article", "hero_width"),
        migrations.RemoveField("article", "hero_height"),
        migrations.RemoveField("article", "hero_alt"),
        migrations.RemoveField("article", "hero_credit"),
        migrations.AlterField(
            model_name="article",
            name="hero_caption",
            field=models.CharField(
                blank=True,
                help_text="Optional: replaces the image's own caption on this story only.",
                max_length=300,
                verbose_name="caption for this story",
            ),
        ),
    ]
