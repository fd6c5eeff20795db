"""live.footprint: the smaller stand-ins behave like what they replace."""

from __future__ import annotations

import asyncio
import collections
import random

import pytest

from live.footprint import Fifo, share_options, slim_receive_queue


def test_fifo_does_what_a_deque_does():
    rng = random.Random(15)
    fifo, deque = Fifo(), collections.deque()
    for step in range(20_000):
        action = rng.random()
        if action < 0.55:
            fifo.append(step)
            deque.append(step)
        elif action < 0.95:
            if deque:
                assert fifo.popleft() == deque.popleft()
            else:
                with pytest.raises(IndexError):
                    fifo.popleft()
        elif deque:
            item = rng.choice(list(deque))
            fifo.remove(item)
            deque.remove(item)
        assert len(fifo) == len(deque)
        assert bool(fifo) == bool(deque)
        assert list(fifo) == list(deque)
        if deque:
            assert fifo[0] == deque[0] and fifo[-1] == deque[-1]
    fifo.clear()
    assert not fifo and list(fifo) == []


async def test_a_slimmed_queue_still_queues_waits_and_joins():
    queue: asyncio.Queue = asyncio.Queue()
    await queue.put("early")  # a message that arrived before the socket was slimmed
    slim_receive_queue(queue.get)
    assert type(queue._queue) is Fifo and type(queue._getters) is Fifo
    assert await queue.get() == "early"

    # A waiting getter is woken by a put; a cancelled one leaves no trace.
    cancelled = asyncio.ensure_future(queue.get())
    waiting = asyncio.ensure_future(queue.get())
    await asyncio.sleep(0)
    cancelled.cancel()
    await asyncio.sleep(0)
    for item in range(3):
        queue.put_nowait(item)
    assert await waiting == 0
    assert [queue.get_nowait(), queue.get_nowait()] == [1, 2]

    # task_done/join use the queue's Event, whose waiters were slimmed too.
    for _ in range(4):
        queue.task_done()
    queue.put_nowait("x")
    joined = asyncio.ensure_future(queue.join())
    await asyncio.sleep(0)
    assert not joined.done()
    queue.get_nowait()
    queue.task_done()
    await asyncio.wait_for(joined, 5)


def test_other_receive_callables_are_left_alone():
    slim_receive_queue(lambda: None)
    slim_receive_queue(None)


class Factory:
    def __init__(self, timeout: float) -> None:
        self.openHandshakeTimeout = timeout
        self.maxFramePayloadSize = 0
        self.perMessageCompressionAccept = lambda offers: None  # called as a plain function


def protocol_class():
    class Protocol:
        CONFIG_ATTRS = ("openHandshakeTimeout", "maxFramePayloadSize", "perMessageCompressionAccept")

        def __init__(self, factory: Factory) -> None:
            self.factory = factory
            # What autobahn's _connectionMade does: copy what the class does not have.
            for name in self.CONFIG_ATTRS:
                if not hasattr(self, name):
                    setattr(self, name, getattr(factory, name))

    return Protocol


def test_options_go_to_the_class_once_and_a_second_factory_keeps_its_own():
    Protocol = protocol_class()
    first = Factory(5.0)
    share_options(Protocol(first))
    later = Protocol(first)
    assert "openHandshakeTimeout" not in vars(later)  # found on the class: not copied
    assert later.openHandshakeTimeout == 5.0
    assert later.perMessageCompressionAccept(["offer"]) is None

    other = Protocol(Factory(9.0))
    share_options(other)
    assert other.openHandshakeTimeout == 9.0
    assert Protocol(first).openHandshakeTimeout == 5.0


def test_the_upgraded_handshake_request_is_dropped_and_the_channel_kept():
    from twisted.internet.testing import StringTransport
    from twisted.web.http import HTTPChannel, Request

    from live.footprint import release_handshake

    channel = HTTPChannel()
    transport = StringTransport()
    channel.makeConnection(transport)  # registers the channel as the transport's producer
    upgraded = Request(channel)
    channel.requests.append(upgraded)

    class Protocol:  # autobahn's protocol, after Daphne handed it the transport
        pass

    protocol = Protocol()
    protocol.transport = transport

    # A request Daphne has not handed over (it still has its transport) is left alone.
    upgraded.transport = transport
    release_handshake(protocol)
    assert channel.requests == [upgraded]

    upgraded.transport = None  # what Daphne does as it ports the socket to autobahn
    release_handshake(protocol)
    assert channel.requests == []
    assert transport.producer is channel  # backpressure still reaches the channel
    channel.pauseProducing()
    channel.resumeProducing()

    # Anything else (no producer, the test communicator) is a no-op.
    release_handshake(object())
    protocol.transport = StringTransport()
    release_handshake(protocol)
