"""Fast checks for CI; the full behaviour is exercised against a live server in AgentDeck's own tests."""
import os

os.environ.setdefault("AGENT_CHECKS", "gpu")

from fastapi.testclient import TestClient  # noqa: E402

from app.main import app  # noqa: E402


def test_healthz_is_process_only():
    assert TestClient(app).get("/healthz").json() == {"status": "ok"}


def test_metrics_exposes_contract_names():
    body = TestClient(app).get("/metrics").text
    for name in ("agent_active_requests", "agent_request_queue_depth", "agent_tasks_total"):
        assert name in body
