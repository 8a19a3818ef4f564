"""Admission and draining: after SIGTERM no new work starts, running work gets the grace period."""
import asyncio
import logging
import os
import signal
import time

from .metrics import ACTIVE_REQUESTS, QUEUE_DEPTH

log = logging.getLogger("agent.lifecycle")


class Draining(Exception):
    pass


class Lifecycle:
    def __init__(self, max_concurrency: int, grace_seconds: float):
        self.max_concurrency = max_concurrency
        self.grace_seconds = grace_seconds
        self.active = 0
        self.draining = False
        self._slots = None
        self._idle = None

    def _ensure(self):
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.max_concurrency)
            self._idle = asyncio.Event()
            self._idle.set()

    @property
    def load(self) -> str:
        return f"{self.active}/{self.max_concurrency}"

    async def __aenter__(self):
        self._ensure()
        if self.draining:
            raise Draining()
        QUEUE_DEPTH.inc()
        try:
            await self._slots.acquire()
        finally:
            QUEUE_DEPTH.dec()
        if self.draining:
            self._slots.release()
            raise Draining()
        self.active += 1
        self._idle.clear()
        ACTIVE_REQUESTS.inc()
        return self

    async def __aexit__(self, *exc):
        self.active -= 1
        ACTIVE_REQUESTS.dec()
        self._slots.release()
        if self.active == 0:
            self._idle.set()
        return False

    def install(self) -> None:
        """Replaces the server's SIGTERM handler; SIGINT still stops the server at once."""
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, self.begin_drain)

    def begin_drain(self) -> None:
        if self.draining:
            return
        self.draining = True
        log.warning("SIGTERM: draining %s in-flight request(s)", self.active)
        asyncio.get_running_loop().create_task(self._finish())

    async def _finish(self) -> None:
        self._ensure()
        deadline = time.monotonic() + self.grace_seconds
        try:
            await asyncio.wait_for(self._idle.wait(), max(deadline - time.monotonic(), 0))
        except asyncio.TimeoutError:
            log.error("grace period over with %s request(s) still running", self.active)
        # The server's own SIGINT path closes sockets and lifespan cleanly.
        os.kill(os.getpid(), signal.SIGINT)
