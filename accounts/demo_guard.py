"""Demo data loaders make accounts with published passwords (a superuser among them): with
DEBUG off (production) they refuse unless told `--i-know-this-is-not-production`."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

FLAG = "--i-know-this-is-not-production"


class DemoDataCommand(BaseCommand):
    """A management command that loads demo data: refuses in production unless forced."""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.add_argument(
            FLAG,
            action="store_true",
            dest="not_production",
            help="Load the demo data although DEBUG is off (a staging or test machine, never production).",
        )
        return parser

    def execute(self, *args, **options):
        if not settings.DEBUG and not options.get("not_production"):
            raise CommandError(
                "DEBUG is off, so this looks like production: the demo data includes accounts with "
                f"published passwords (a superuser among them). Refused; pass {FLAG} on a machine "
                "that is not production (make run and make demo set DEBUG=1)."
            )
        return super().execute(*args, **options)
