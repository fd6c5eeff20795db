from ninja import Router

router = Router()

# 张榜/揭榜 and the 征集表 import (mm-board): their own router, under the same prefix.
from matchmaking.board_api import router as board_router  # noqa: E402

router.add_router("", board_router)
