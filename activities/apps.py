from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = "Theme activities: partner sub-venues, project roadshows, expert consultations"

    def ready(self) -> None:
        from activities import rights, search_sources, subvenues
        from activities.models import SubVenueStaff
        from live.access import watch_rights
        from streams.session_filters import SessionFilter, register_session_filter
        from streams.stage_grants import StageGrant, register_stage_grant

        # A sub-venue's staff moderate its sessions' stages, nothing else; a role given or
        # taken reaches their open sockets.
        register_stage_grant(StageGrant(roles_for=rights.stage_roles, moderated_rooms=rights.stage_rooms))
        watch_rights(SubVenueStaff)
        # The programme filtered by sub-venue and region (?subvenue=…&region=…).
        register_session_filter(
            SessionFilter("subvenue", "Only the sessions of this sub-venue (its slug).", subvenues.subvenue_filter)
        )
        register_session_filter(
            SessionFilter("region", "Only the sessions of sub-venues of this region.", subvenues.region_filter)
        )
        search_sources.register()
        # Consultation documents and pitch media: judged before their bodies are read.
        from activities import uploads

        uploads.register_upload_guards()

        # Roadshows: the pitch on the stage is part of the stage state (streams.pins); its
        # commands; questions asked during a pitch are that pitch's.
        from django.db.models.signals import post_save

        from activities import handlers, protocol, roadshows  # noqa: F401
        from live.models import Question
        from streams.pins import register_stage_pins

        protocol.register()
        register_stage_pins(roadshows.PINS)
        post_save.connect(roadshows.question_asked, sender=Question, dispatch_uid="activities.pitch_question")
