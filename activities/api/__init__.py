"""The activities app's JSON API (mounted by config/api.py under /api/): sub-venues, roadshows,
expert consultations (docs/activities.md, docs/api.md)."""

from ninja import Router

from activities.api import subvenues

router = Router(tags=["activities"])
router.add_router("", subvenues.router)

from activities.api import roadshows  # noqa: E402

router.add_router("", roadshows.router)

from activities.api import cases  # noqa: E402

router.add_router("", cases.router)
