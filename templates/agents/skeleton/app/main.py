"""HTTP surface: /agent/run, /healthz, /readyz, /metrics, /.well-known/agent-card.json."""
import time

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from . import metrics, worker
from .card import AgentCard
from .checks import run_checks
from .lifecycle import Draining, Lifecycle
from .llm import LLMClient, LLMError
from .settings import Settings

settings = Settings.from_env()
lifecycle = Lifecycle(settings.max_concurrency, grace_seconds=settings.longest_task_seconds)
llm = LLMClient(settings)
card = AgentCard(settings)
app = FastAPI(title=settings.name)


async def run_task(task: dict) -> dict:
    messages = task.get("messages") or [{"role": "user", "content": str(task.get("input", ""))}]
    return await llm.complete(messages)


@app.on_event("startup")
async def startup() -> None:
    lifecycle.install()
    app.state.worker = worker.start(settings, lifecycle, run_task)


@app.on_event("shutdown")
async def shutdown() -> None:
    await llm.close()


@app.get("/healthz")
async def healthz() -> dict:
    # Liveness is the process only: a database outage must not restart pods.
    return {"status": "ok"}


@app.get("/readyz")
async def readyz() -> JSONResponse:
    checks = await run_checks(settings)
    for name, result in checks.items():
        metrics.READINESS.labels(check=name).set(1 if result == "ok" else 0)
    failing = any(result != "ok" for result in checks.values())
    status = "draining" if lifecycle.draining else ("error" if failing else "ok")
    body = {"status": status, "checks": checks, "load": lifecycle.load}
    return JSONResponse(body, status_code=200 if status == "ok" else 503)


@app.get("/metrics")
async def prometheus_metrics() -> Response:
    return Response(metrics.render(), media_type=metrics.CONTENT_TYPE_LATEST)


@app.get("/.well-known/agent-card.json")
async def agent_card(request: Request) -> Response:
    # A2A clients revalidate with the ETag; the card changes only with a rollout.
    headers = {"ETag": card.etag, "Cache-Control": "public, max-age=300"}
    if request.headers.get("if-none-match") == card.etag:
        return Response(status_code=304, headers=headers)
    return Response(card.body, media_type="application/json", headers=headers)


@app.post("/agent/run")
async def agent_run(request: Request) -> JSONResponse:
    started = time.monotonic()
    try:
        async with lifecycle:
            task = await request.json()
            result = await run_task(task)
    except Draining:
        return JSONResponse({"error": "draining"}, status_code=503, headers={"Retry-After": "5"})
    except LLMError as exc:
        metrics.TASKS.labels(status="error").inc()
        return JSONResponse({"error": str(exc)}, status_code=502)
    finally:
        metrics.REQUEST_DURATION.observe(time.monotonic() - started)
    metrics.TASKS.labels(status="success").inc()
    return JSONResponse(result)
