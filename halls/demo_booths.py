"""More demo booths, for a hall at a fair's full size (`load_demo_exhibition --booths 1000`,
the scene benchmark and the big-hall tests): invented exhibitors spread over the hall's
zones in turn (a zone's boards in turn too), live, with the usual templates."""

from __future__ import annotations

from django.db import transaction

from accounts.models import Organisation
from halls import services
from halls.models import Board, Booth, BoothTemplate, Hall, Zone

TEMPLATES = [BoothTemplate.STANDARD, BoothTemplate.STANDARD, BoothTemplate.DOUBLE, BoothTemplate.PAVILION]
KINDS = ["enterprise", "enterprise", "university", "government", "foreign", "hr"]


@transaction.atomic
def fill_hall(hall: Hall, total: int) -> int:
    """Add live booths until `hall` has `total`; returns how many were added (idempotent:
    the same names each time, so a second run adds nothing)."""
    zones = list(Zone.objects.filter(hall=hall).order_by("order", "pk"))
    if not zones:
        raise ValueError(f"{hall.slug}: the hall has no zones to fill.")
    boards = {zone.pk: list(Board.objects.filter(zone=zone).order_by("order", "pk")) for zone in zones}
    have = Booth.objects.filter(zone__hall=hall, status=Booth.Status.LIVE).count()
    added, i = 0, 0
    while have + added < total:
        i += 1
        name, name_en = f"演示展商 {i:04d}", f"Demo exhibitor {i:04d}"
        zone = zones[i % len(zones)]
        organisation, _ = Organisation.objects.get_or_create(
            name=name, defaults={"name_en": name_en, "kind": KINDS[i % len(KINDS)]}
        )
        if Booth.objects.filter(organisation=organisation, zone__hall=hall).exists():
            continue
        zone_boards = boards[zone.pk]
        services.create_booth(
            organisation=organisation,
            zone=zone,
            board=zone_boards[(i // len(zones)) % len(zone_boards)] if zone_boards else None,
            template=TEMPLATES[i % len(TEMPLATES)],
            name=f"{name}展位",
            name_en=f"{name_en} booth",
            description=f"{name}：演示用的展位。",
            description_en=f"{name_en}: a demo booth.",
            status=Booth.Status.LIVE,
        )
        added += 1
    return added
