"""The exhibition's JSON API: one router per audience, mounted at /exhibition/ by the site
API (config/api.py). Refusals in the site's one error shape (live/http_api.py)."""

from ninja import Router

from halls.content.api import router as content_router

router = Router()
router.add_router("/api/", content_router)
