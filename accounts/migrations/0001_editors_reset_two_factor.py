"""Editors may see and remove staff members' two-factor devices (a lost phone), in the admin
under "TOTP devices" and "Static devices". The secrets themselves are never shown there
(OTP_ADMIN_HIDE_SENSITIVE_DATA)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = {"otp_totp": "totpdevice", "otp_static": "staticdevice"}


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    for app_label, model in MODELS.items():
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
        editors.permissions.add(
            *Permission.objects.filter(
                content_type__app_label=app_label,
                codename__in=[f"view_{model}", f"delete_{model}"],
            )
        )


def revoke(apps, schema_editor):
    editors = apps.get_model("auth", "Group").objects.filter(name="Editors").first()
    if editors is not None:
        editors.permissions.remove(
            *editors.permissions.filter(content_type__app_label__in=list(MODELS))
        )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_editorial_groups"),
        ("otp_totp", "0003_add_timestamps"),
        ("otp_static", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
