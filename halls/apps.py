from django.apps import AppConfig


class HallsConfig(AppConfig):
    name = "halls"
    verbose_name = "Virtual exhibition"

    def ready(self) -> None:
        from accounts.contacts import register_contact_rule
        from halls import protocol
        from halls.roomkind import BOOTH
        from halls.rules import booth_contacts
        from halls.staffroom import EXHIBITOR
        from halls.uploads import register_upload_guards
        from live.registry import register_room_kind

        register_room_kind(BOOTH)
        register_room_kind(EXHIBITOR)
        # Booth and staff-room roles come from organisation memberships: when one is added or
        # ends, that person's open sockets re-evaluate their rooms (ejected from staff rooms).
        from accounts.models import OrganisationMembership
        from live.access import watch_rights

        watch_rights(OrganisationMembership)
        # Organisations the organizers verify or reject: their admins are told (halls/organisations.py).
        from accounts.organisations import on_decision
        from halls import organisations

        organisations.register_kinds()
        on_decision(organisations.organisation_decided)
        protocol.register()
        register_contact_rule(booth_contacts)
        register_upload_guards()
        from halls.leads import privacy

        privacy.register()
        # Live booths in the site's search (docs/search.md).
        from halls import search_sources

        search_sources.register()
