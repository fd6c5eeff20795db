"""What an open socket costs in memory, made smaller (docs/performance.md, "Memory per connection").

A socket idles for hours in a room of thousands, so its standing cost is what counts. Under
Daphne most of it is not ours: autobahn's protocol object, Twisted's transport, Daphne's ASGI
queue. Two of their costs are pure waste and are trimmed here, once per socket, as it opens:

- **Empty deques.** An empty `collections.deque` takes 760 bytes (a list: 56). Daphne's
  `asyncio.Queue` per socket holds four (its messages, getters, putters, and its `Event`'s
  waiters), autobahn one more (`send_queue`); they hold zero or one item nearly always.
  They are swapped for a `Fifo` (a list and a head index) with the same methods.
- **Options copied onto every protocol.** Autobahn copies its factory's ~30 options onto
  each protocol instance unless the class already has them; they are the same for every
  socket of a server, so they are set once on the class and no longer copied.

- **The handshake's HTTP request.** Twisted's HTTP channel stays the socket's producer
  (backpressure) after Daphne hands the socket to autobahn, and keeps the upgraded request
  in its `requests` list: its headers, its (empty) body buffer, its cookies, for as long as
  the socket lives. Nothing reads it after the upgrade, so it is dropped; the channel stays.

All three are no-ops wherever the objects are not what is expected (another server, the test
communicator, another version of a library): nothing depends on them but memory.
"""

from __future__ import annotations

import asyncio
import collections
from collections.abc import Iterable, Iterator
from typing import Any

# How many popped slots a Fifo keeps before it compacts its list (keeps popleft O(1) amortized).
_COMPACT_AFTER = 32


class Fifo:
    """The part of `collections.deque` that asyncio's queues and autobahn's send queue use,
    at a tenth of an empty deque's size."""

    __slots__ = ("_head", "_items")

    def __init__(self, items: Iterable[Any] = ()) -> None:
        self._items = list(items)
        self._head = 0

    def append(self, item: Any) -> None:
        self._items.append(item)

    def popleft(self) -> Any:
        items, head = self._items, self._head
        if head >= len(items):
            raise IndexError("pop from an empty deque")
        item = items[head]
        items[head] = None
        head += 1
        if head == len(items):
            items.clear()
            head = 0
        elif head > _COMPACT_AFTER and head * 2 > len(items):
            del items[:head]
            head = 0
        self._head = head
        return item

    def remove(self, item: Any) -> None:
        del self._items[self._items.index(item, self._head)]

    def clear(self) -> None:
        self._items.clear()
        self._head = 0

    def __len__(self) -> int:
        return len(self._items) - self._head

    def __iter__(self) -> Iterator[Any]:
        # A copy: an Event's set() resolves waiters that remove themselves meanwhile.
        return iter(self._items[self._head :])

    def __getitem__(self, index: int) -> Any:
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("deque index out of range")
        return self._items[self._head + index]

    def __repr__(self) -> str:
        return f"Fifo({self._items[self._head :]!r})"


def _slim(owner: Any, name: str) -> None:
    current = getattr(owner, name, None)
    if type(current) is collections.deque and current.maxlen is None:
        setattr(owner, name, Fifo(current))


def slim_receive_queue(receive: Any) -> None:
    """Daphne's per-socket ASGI queue (`receive` is its bound `get`)."""
    queue = getattr(receive, "__self__", None)
    if type(queue) is not asyncio.Queue:
        return
    for name in ("_queue", "_getters", "_putters"):
        _slim(queue, name)
    finished = getattr(queue, "_finished", None)
    if type(finished) is asyncio.Event:
        _slim(finished, "_waiters")


def slim_protocol(protocol: Any) -> None:
    """Autobahn's protocol behind a socket (live.backlog.find_protocol)."""
    _slim(protocol, "send_queue")
    share_options(protocol)
    release_handshake(protocol)


def release_handshake(protocol: Any) -> None:
    """Drop the upgraded request Twisted's HTTP channel still holds (see the module's notes).
    Only requests Daphne has handed over (their `transport` taken away) are dropped."""
    transport = getattr(protocol, "transport", None)
    channel = getattr(transport, "producer", None)
    requests = getattr(channel, "requests", None)
    if type(requests) is not list or not requests:
        return
    if all(getattr(request, "transport", True) is None for request in requests):
        requests.clear()


def share_options(protocol: Any) -> None:
    """Put the factory's options on the protocol's class, so that the next sockets' protocols
    find them there and do not copy them (autobahn copies only what `hasattr` misses). Only
    while one factory serves the class (one Daphne per process); a second one's protocols
    get their own copies back where they differ."""
    cls, factory = type(protocol), getattr(protocol, "factory", None)
    names = getattr(cls, "CONFIG_ATTRS", None)
    if factory is None or not isinstance(names, (list, tuple)):
        return
    owner = cls.__dict__.get("_pavilion_options_of")
    if owner is None:
        for name in names:
            if hasattr(factory, name):
                value = getattr(factory, name)
                # A function on the class would become a method (an option like
                # perMessageCompressionAccept is called without the protocol).
                setattr(cls, name, staticmethod(value) if callable(value) else value)
        cls._pavilion_options_of = factory
    elif owner is not factory:
        for name in names:
            if hasattr(factory, name) and getattr(protocol, name) != getattr(factory, name):
                setattr(protocol, name, getattr(factory, name))
