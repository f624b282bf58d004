"""Timing signed requests to an app: one at a time, or C at once released together, each
from its send to its response, with what went wrong (for benchmarks/ack_time.py)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import httpx


@dataclass
class Timings:
    """Milliseconds from send to response of each request, and what went wrong."""

    samples: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def percentile(self, p: float) -> float:
        return percentile(self.samples, p)


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def answered(response: httpx.Response) -> str | None:
    """What is wrong with an ack that should be a plain 200, if anything."""
    if response.status_code != 200:
        return f"HTTP {response.status_code}: {response.text[:200]}"
    return None


def closed(response: httpx.Response) -> str | None:
    """What is wrong with the ack of a submission that should be stored (modal closed)."""
    problem = answered(response)
    if problem is None and response.content != b"":
        return f"modal kept open: {response.text[:200]}"
    return problem


def _one(
    send: Callable[[int], httpx.Response], check: Callable[[httpx.Response], str | None], i: int
) -> tuple[float, str | None]:
    started = time.perf_counter()
    try:
        response = send(i)
    except httpx.HTTPError as error:
        return (time.perf_counter() - started) * 1000, f"{type(error).__name__}: {error}"
    elapsed = (time.perf_counter() - started) * 1000
    return elapsed, check(response)


def timed(
    send: Callable[[int], httpx.Response],
    n: int,
    *,
    check: Callable[[httpx.Response], str | None] = answered,
    concurrency: int = 1,
) -> Timings:
    """Send requests 0..n-1, ``concurrency`` at a time (all released together)."""
    result = Timings()
    if concurrency == 1:
        for i in range(n):
            elapsed, problem = _one(send, check, i)
            result.samples.append(elapsed)
            if problem is not None:
                result.failures.append(problem)
        return result
    with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="sender") as pool:
        for start in range(0, n, concurrency):
            size = min(concurrency, n - start)
            barrier = threading.Barrier(size)

            def together(i: int, barrier: threading.Barrier = barrier) -> tuple[float, str | None]:
                barrier.wait()
                return _one(send, check, i)

            for elapsed, problem in pool.map(together, range(start, start + size)):
                result.samples.append(elapsed)
                if problem is not None:
                    result.failures.append(problem)
    return result
