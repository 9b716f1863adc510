"""One polite HTTP client for every pull: one request at a time, a User-Agent naming the project,
exponential backoff on 429, 5xx and timeouts that honours Retry-After.

Open-data portals publish no quota (BOAMP's Opendatasoft domain answers 429 when one is reached):
waiting is cheaper than being cut off.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx

from analyzer import __version__

USER_AGENT = f"clauses/{__version__} (audit of social and environmental clauses in French public tenders; python-httpx)"
RETRY_STATUSES = {429, 500, 502, 503, 504}


class PullError(RuntimeError):
    """A request that still failed after its retries; the message is one line for the user."""


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 6  # requests in all, the first included
    base_seconds: float = 1.0  # 1, 2, 4, 8 … seconds
    max_seconds: float = 120.0  # never wait longer than this at once, whatever Retry-After says
    timeout_seconds: float = 60.0


def retry_after_seconds(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


class PoliteClient:
    """httpx.Client with retries. `sleep` is injectable so tests record waits instead of waiting."""

    def __init__(
        self,
        transport: httpx.BaseTransport | None = None,
        policy: RetryPolicy = RetryPolicy(),
        sleep: Callable[[float], None] = time.sleep,
        on_retry: Callable[[str], None] | None = None,
    ) -> None:
        self.policy = policy
        self.sleep = sleep
        self.on_retry = on_retry
        self.requests = 0  # sent, retries included
        self.client = httpx.Client(
            transport=transport,
            timeout=policy.timeout_seconds,
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip"},
            follow_redirects=True,
        )

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> PoliteClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _wait(self, attempt: int, response: httpx.Response | None, why: str) -> None:
        delay = self.policy.base_seconds * 2**attempt
        if response is not None:
            told = retry_after_seconds(response.headers.get("Retry-After"))
            if told is not None:
                delay = told
        delay = min(delay, self.policy.max_seconds)
        if self.on_retry:
            self.on_retry(f"{why}: retrying in {delay:g} s")
        self.sleep(delay)

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        """The response (2xx, or a 4xx that retrying cannot fix); PullError when retries run out."""
        last = ""
        for attempt in range(self.policy.attempts):
            response = None
            try:
                self.requests += 1
                response = self.client.request(method, url, **kwargs)
            except httpx.TimeoutException:
                last = "timed out"
            except httpx.TransportError as exc:
                last = f"connection failed ({type(exc).__name__})"
            else:
                if response.status_code not in RETRY_STATUSES:
                    return response
                last = f"HTTP {response.status_code}"
            if attempt + 1 < self.policy.attempts:
                self._wait(attempt, response, last)
        raise PullError(f"{method} {url}: {last} after {self.policy.attempts} attempts")

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", url, **kwargs)

    @contextmanager
    def stream(self, method: str, url: str, **kwargs: Any) -> Iterator[httpx.Response]:
        """A streamed response, retried like `request` until its headers arrive (a failure while the
        body is read is the caller's: it knows how much it kept)."""
        last = ""
        for attempt in range(self.policy.attempts):
            self.requests += 1
            response = None
            try:
                response = self.client.send(self.client.build_request(method, url, **kwargs), stream=True)
            except httpx.TimeoutException:
                last = "timed out"
            except httpx.TransportError as exc:
                last = f"connection failed ({type(exc).__name__})"
            else:
                if response.status_code not in RETRY_STATUSES:
                    try:
                        yield response
                    finally:
                        response.close()
                    return
                last = f"HTTP {response.status_code}"
                response.close()
            if attempt + 1 < self.policy.attempts:
                self._wait(attempt, response, last)
        raise PullError(f"{method} {url}: {last} after {self.policy.attempts} attempts")
