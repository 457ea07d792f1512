"""Editors see the background tasks' results in the admin (what failed, with its error) and can
run a failed one again; superusers can anyway."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    app_config = apps.get_app_config("django_tasks_database")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="django_tasks_database", codename="view_dbtaskresult"
        )
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    view = Permission.objects.filter(
        content_type__app_label="django_tasks_database", codename="view_dbtaskresult"
    )
    for group in Group.objects.filter(name="Editors"):
        group.permissions.remove(*view)


class Migration(migrations.Migration):
    dependencies = [
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
        ("articles", "0002_editorial_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
