"""Load the demo exhibition (idempotent: run it again and nothing is duplicated)."""

from django.core.management.base import CommandError
from django.db import transaction

from accounts.demo_guard import DemoDataCommand
from accounts.models import Organisation
from halls import demo, services
from halls.content.demo import load_demo_content
from halls.demo_booths import fill_hall
from halls.demo_staff import staff_a_demo_booth
from halls.models import Board, Booth, BoothTemplate, Hall, Zone

TEMPLATES = [BoothTemplate.STANDARD, BoothTemplate.STANDARD, BoothTemplate.DOUBLE, BoothTemplate.PAVILION]


class Command(DemoDataCommand):
    help = (
        "Load the plan's hall, 8 zones, 9 regional boards and about 60 live demo booths. "
        "Refused with DEBUG off unless --i-know-this-is-not-production. "
        "--booths N adds invented exhibitors until the hall has N live booths (e.g. 1000)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--booths",
            type=int,
            default=0,
            help="Fill the hall up to this many live booths with invented exhibitors (e.g. 1000).",
        )

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        hall, _ = Hall.objects.update_or_create(
            slug=demo.HALL["slug"], defaults={k: v for k, v in demo.HALL.items() if k != "slug"}
        )
        zones: dict[str, Zone] = {}
        for order, (slug, code, name, name_en) in enumerate(demo.ZONES, start=1):
            zones[slug], _ = Zone.objects.update_or_create(
                hall=hall, slug=slug, defaults={"code": code, "name": name, "name_en": name_en, "order": order}
            )
        boards: dict[str, Board] = {}
        for order, (slug, code, name, name_en, hosts) in enumerate(demo.BOARDS, start=1):
            boards[slug], _ = Board.objects.update_or_create(
                zone=zones["regional"],
                slug=slug,
                defaults={"code": code, "name": name, "name_en": name_en, "hosts": hosts, "order": order},
            )
        created = 0
        for i, (zone_slug, board_slug, kind, name, name_en) in enumerate(demo.EXHIBITORS):
            organisation, _ = Organisation.objects.update_or_create(
                name=name, defaults={"name_en": name_en, "kind": kind}
            )
            zone, board = zones[zone_slug], boards.get(board_slug) if board_slug else None
            if Booth.objects.filter(organisation=organisation, zone=zone).exists():
                continue
            services.create_booth(
                organisation=organisation,
                zone=zone,
                board=board,
                template=TEMPLATES[i % len(TEMPLATES)],
                name=name,
                name_en=name_en,
                description=f"欢迎参观{name}展位：了解我们的科技创新成果、合作项目与人才需求。",
                description_en=f"Welcome to the booth of {name_en}: our innovations, projects and talent needs.",
                status=Booth.Status.LIVE,
            )
            created += 1
        booths = options.get("booths") or 0
        if booths < 0 or booths > 5000:
            raise CommandError("--booths: a number from 0 to 5000.")
        created += fill_hall(hall, booths) if booths else 0
        total = Booth.objects.filter(zone__hall=hall).count()
        # Videos, posters, ads and commentary for a few booths, generated now (not in the repo).
        with_content = load_demo_content()
        staffed = staff_a_demo_booth()
        self.stdout.write(
            self.style.SUCCESS(
                f"{hall.name}: {len(zones)} zones, {len(boards)} boards, {total} booths ({created} new); "
                f"demo content for {with_content} booths."
                + (f" The demo exhibitor staffs booth {staffed.number}." if staffed else "")
            )
        )
