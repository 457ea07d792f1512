# The writer photo moves into the image library (images/legacy.py); files stay where they are.

import django.db.models.deletion
from django.db import migrations, models

from images import legacy


def forwards(apps, schema_editor):
    legacy.check_constraints_now(schema_editor)
    legacy.move_writer_photos(
        apps.get_model("writers", "Writer"), apps.get_model("images", "Image")
    )


def backwards(apps, schema_editor):
    legacy.check_constraints_now(schema_editor)
    legacy.restore_writer_photos(
        apps.get_model("writers", "Writer"), apps.get_model("images", "Image")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("writers", "0001_initial"),
        ("images", "0001_initial"),
    ]

    operations = [
        migrations.RenameField("writer", "photo", "photo_file"),
        migrations.AddField(
            model_name="writer",
            name="photo",
            field=models.ForeignKey(
                blank=True,
                help_text="A portrait from the image library; shown cropped square around its "
                "focal point.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="writer_photo_of",
                to="images.image",
            ),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField("writer", "photo_file"),
        migrations.RemoveField("writer", "photo_width"),
        migrations.RemoveField("writer", "photo_height"),
    ]
