"""Baseline "bare websockets": every received text is broadcast to every connected socket.

The ceiling for a Python server on this machine: one process, no framework, no channel layer,
`websockets.broadcast` (which encodes the frame once and writes it to every transport).

    python -m bench.baselines.ws_broadcast --port 8002
"""

from __future__ import annotations

import argparse
import asyncio

from websockets.asyncio.server import ServerConnection, broadcast, serve

from bench.common import child_setup

CLIENTS: set[ServerConnection] = set()


async def handler(ws: ServerConnection) -> None:
    CLIENTS.add(ws)
    try:
        async for message in ws:
            broadcast(CLIENTS, message)
    finally:
        CLIENTS.discard(ws)


async def main(port: int, seconds: float, backlog: int) -> None:
    # compression=None: Daphne does not negotiate permessage-deflate either. backlog: the same
    # accept queue as the Daphne targets (asyncio's default is 100).
    async with serve(handler, "127.0.0.1", port, compression=None, backlog=backlog):
        await asyncio.sleep(seconds)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--max-seconds", type=float, default=3600, help="stop by itself after this long")
    parser.add_argument("--backlog", type=int, default=100, help="the listening socket's accept queue")
    args = parser.parse_args()
    child_setup(args.max_seconds + 10)
    asyncio.run(main(args.port, args.max_seconds, args.backlog))
