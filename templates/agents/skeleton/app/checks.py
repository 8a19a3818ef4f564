"""Readiness checks: each dependency gets its own short timeout so one slow store cannot hide the others."""
import asyncio
import os
from urllib.parse import urlparse

import httpx

TIMEOUTS = {"llm_api": 5.0, "model_loaded": 5.0, "database": 3.0, "vector_store": 3.0}
DEFAULT_TIMEOUT = 3.0
DEFAULT_PORTS = {"redis": 6379, "rediss": 6379, "nats": 4222, "postgres": 5432, "postgresql": 5432, "mysql": 3306}


async def _http(url: str, api_key: str) -> None:
    headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
    async with httpx.AsyncClient() as client:
        response = await client.get(url, headers=headers)
    if response.status_code >= 400:
        raise RuntimeError(f"HTTP {response.status_code} from {url}")


async def _tcp(url: str, scheme: str) -> None:
    parsed = urlparse(url)
    host, port = parsed.hostname or "localhost", parsed.port or DEFAULT_PORTS.get(scheme, 0)
    try:
        reader, writer = await asyncio.open_connection(host, port)
    except ConnectionRefusedError:
        raise RuntimeError(f"connection refused ({host}:{port})") from None
    try:
        if scheme.startswith("redis"):
            writer.write(b"PING\r\n")
            await writer.drain()
            line = await reader.readline()
            if not line.startswith((b"+PONG", b"-NOAUTH")):
                raise RuntimeError(f"unexpected reply {line[:40]!r}")
        elif scheme == "nats":
            line = await reader.readline()
            if not line.startswith(b"INFO"):
                raise RuntimeError("no INFO from NATS")
    finally:
        writer.close()


async def _gpu() -> None:
    visible = os.environ.get("NVIDIA_VISIBLE_DEVICES", "")
    if not os.path.exists("/dev/nvidiactl") and visible in ("", "void", "none"):
        raise RuntimeError("no GPU visible")


async def run_check(name: str, settings) -> str:
    """Returns "ok" or "error: <reason>"; never raises."""
    try:
        if name == "gpu":
            coro = _gpu()
        else:
            url = settings.dependency_url(name)
            if not url:
                return f"error: {name.upper()}_URL is not set"
            scheme = urlparse(url).scheme
            coro = _http(url, settings.llm_api_key) if scheme in ("http", "https") else _tcp(url, scheme)
        await asyncio.wait_for(coro, TIMEOUTS.get(name, DEFAULT_TIMEOUT))
        return "ok"
    except asyncio.TimeoutError:
        return f"error: timed out after {TIMEOUTS.get(name, DEFAULT_TIMEOUT)}s"
    except httpx.ConnectError as exc:
        return f"error: connection refused ({exc})"
    except Exception as exc:  # a check reports, it does not crash the probe
        return f"error: {exc}"


async def run_checks(settings) -> dict:
    names = settings.checks
    results = await asyncio.gather(*(run_check(name, settings) for name in names))
    return dict(zip(names, results))
