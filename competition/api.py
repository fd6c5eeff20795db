"""The competition app's JSON API (mounted by config/api.py under /api/)."""

from ninja import Router

router = Router(tags=["competition"])
