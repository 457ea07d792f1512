"""Editors run the front page: the Editors group holds every permission on layouts, pins and
breaking marks (the admin's own model permissions decide who sees and changes them; journalists
hold none)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ["layout", "pin", "breaking"]
ACTIONS = ["add", "change", "delete", "view"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("frontpage")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    codenames = [f"{action}_{model}" for model in MODELS for action in ACTIONS]
    editors.permissions.add(
        *Permission.objects.filter(content_type__app_label="frontpage", codename__in=codenames)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for editors in Group.objects.filter(name="Editors"):
        editors.permissions.remove(*Permission.objects.filter(content_type__app_label="frontpage"))


class Migration(migrations.Migration):
    dependencies = [
        ("frontpage", "0001_initial"),
        ("articles", "0003_workflow_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
