"""Create the Journalists and Editors groups with their model permissions.

Permissions are normally created after all migrations run, so they are created here first.
The editorial workflow (publishing, scheduling, withdrawing) adds its own rules on top.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "Journalists": {
        "articles": {"article": "add change view", "byline": "add change delete view",
                     "relatedarticle": "add change delete view", "taggedarticle": "add change delete view"},
        "sections": {"section": "view"},
        "writers": {"writer": "view"},
        "tags": {"tag": "add view"},
    },
    "Editors": {
        "articles": {"article": "add change delete view", "byline": "add change delete view",
                     "relatedarticle": "add change delete view", "correction": "add change delete view",
                     "taggedarticle": "add change delete view"},
        "sections": {"section": "add change view"},
        "writers": {"writer": "add change view"},
        "tags": {"tag": "add change delete view"},
    },
}  # fmt: skip


def create_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, grants in ROLES.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for app_label, models in grants.items():
            for model, actions in models.items():
                codenames = [f"{action}_{model}" for action in actions.split()]
                group.permissions.add(
                    *Permission.objects.filter(
                        content_type__app_label=app_label, codename__in=codenames
                    )
                )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("sections", "0001_initial"),
        ("writers", "0001_initial"),
        ("tags", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
