from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from accounts.services import create_api_token


class Command(BaseCommand):
    help = "Create an API token for a user (for scripts, bots, the benchmark) and print it once."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="cli")

    def handle(self, *args, username: str, name: str, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user named {username!r}")
        self.stdout.write(create_api_token(user=user, name=name))
