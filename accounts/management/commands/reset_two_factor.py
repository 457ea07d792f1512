"""`manage.py reset_two_factor USERNAME`: remove a user's two-factor devices (a lost phone)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts import two_factor


class Command(BaseCommand):
    help = (
        "Remove the user's authenticator app and backup codes: they sign in with their password "
        "alone and set up two-factor again (at once, if their role requires it)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        User = get_user_model()
        try:
            user = User.objects.get_by_natural_key(username)
        except User.DoesNotExist:
            raise CommandError(f"No user {username!r}.") from None
        removed = two_factor.reset(user)
        self.stdout.write(f"Removed {removed} two-factor device(s) of {username}.")
