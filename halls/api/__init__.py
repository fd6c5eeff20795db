"""The exhibition's JSON API, one router per audience (visitors, exhibitor, organizers'
review, booth content, 3D scenes), mounted at /exhibition/ by the site API (config/api.py).
Refusals in the site's one error shape (live/http_api.py, docs/api.md)."""

from ninja import Router

from halls.api.exhibitor import router as exhibitor_router
from halls.api.organisations import router as organisations_router
from halls.api.review import router as review_router
from halls.api.scenes import router as scenes_router
from halls.api.visitors import router as visitors_router
from halls.content.api import router as content_router

router = Router()
router.add_router("/api/", visitors_router)
router.add_router("/api/", exhibitor_router)
router.add_router("/api/", review_router)
router.add_router("/api/", organisations_router)
router.add_router("/api/", content_router)
router.add_router("/scenes/", scenes_router)
