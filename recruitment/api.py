from ninja import Router

router = Router()

# The candidates' and employers' application endpoints (rec-apply).
from recruitment.api_candidates import router as _candidates  # noqa: E402

router.add_router("", _candidates)

# Statistics (rec-live): /api/recruitment/stats/...
from recruitment.api_stats import router as _stats  # noqa: E402

router.add_router("", _stats)
