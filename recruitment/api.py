from ninja import Router

router = Router()

# The candidates' and employers' application endpoints (rec-apply).
from recruitment.api_candidates import router as _candidates  # noqa: E402

router.add_router("", _candidates)
