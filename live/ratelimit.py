"""Token buckets: per connection for frames, per person and room for posts."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from django.conf import settings

from live import protocol


def limit(name: str) -> float:
    """A rate limit: the operator's setting (LIVE_<NAME>) or the protocol's default."""
    return settings.LIVE.get(name) or getattr(protocol, name)


@dataclass(slots=True)  # one per socket
class TokenBucket:
    rate: float
    burst: float
    tokens: float = -1.0
    stamp: float = field(default_factory=time.monotonic)

    def __post_init__(self) -> None:
        if self.tokens < 0:
            self.tokens = self.burst

    def take(self, now: float | None = None) -> float:
        """Take one token; return 0 if allowed, else the seconds until one is available."""
        now = time.monotonic() if now is None else now
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) / self.rate


class BucketTable:
    """Buckets by key, in this process; idle buckets are dropped as the table grows."""

    def __init__(self, rate: float, burst: float, max_keys: int = 100_000) -> None:
        self.rate = rate
        self.burst = burst
        self.max_keys = max_keys
        self.buckets: dict[object, TokenBucket] = {}

    def take(self, key: object) -> float:
        bucket = self.buckets.get(key)
        if bucket is None:
            if len(self.buckets) >= self.max_keys:
                self._prune()
            bucket = self.buckets[key] = TokenBucket(self.rate, self.burst)
        return bucket.take()

    def refund(self, key: object) -> None:
        bucket = self.buckets.get(key)
        if bucket is not None:
            bucket.tokens = min(self.burst, bucket.tokens + 1)

    def clear(self) -> None:
        self.buckets.clear()

    def _prune(self) -> None:
        horizon = time.monotonic() - self.burst / self.rate
        self.buckets = {k: b for k, b in self.buckets.items() if b.stamp > horizon}
