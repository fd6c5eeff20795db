from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    name = "recruitment"
    verbose_name = "Online recruitment (job fairs, jobs, résumés, applications, interviews)"

    def ready(self) -> None:
        from recruitment import handlers, pins, protocol, search_sources  # noqa: F401
        from streams.pins import register_stage_pins

        protocol.register()
        # Jobs pinned on recruitment livestreams: part of the stage state (streams.pins).
        register_stage_pins(pins.PINS)
        search_sources.register()

        from recruitment import candidate_setup

        # Candidates and applications (rec-apply): notification kinds, privacy hooks, upload guard.
        candidate_setup.ready()

        from recruitment import live_handlers, live_protocol, live_setup  # noqa: F401

        # 直播带岗 (rec-live): apply from a stage's pinned jobs, the hosts' live count.
        live_protocol.register()
        live_setup.ready()
