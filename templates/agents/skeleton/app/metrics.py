"""Metric names are a contract with AgentDeck's health views: do not rename them."""
import os

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client import CONTENT_TYPE_LATEST  # noqa: F401  (re-exported for main)

MULTIPROC_DIR = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
if MULTIPROC_DIR:
    # Several uvicorn workers share one /metrics; each writes its samples here.
    os.makedirs(MULTIPROC_DIR, exist_ok=True)

ACTIVE_REQUESTS = Gauge(
    "agent_active_requests", "Requests being worked on", multiprocess_mode="livesum"
)
QUEUE_DEPTH = Gauge(
    "agent_request_queue_depth", "Requests waiting for a slot", multiprocess_mode="livesum"
)
REQUEST_DURATION = Histogram(
    "agent_request_duration_seconds",
    "Time to answer /agent/run",
    buckets=(0.5, 1, 2.5, 5, 10, 20, 30, 60, 90, 120),
)
TASKS = Counter("agent_tasks_total", "Finished tasks", ["status"])
LLM_REQUESTS = Counter("llm_requests_total", "LLM API calls", ["model", "status"])
LLM_TOKENS = Counter("llm_tokens_total", "LLM tokens", ["model", "direction"])
LLM_COST = Counter("llm_cost_dollars_total", "LLM spend in USD", ["model"])
# OpenTelemetry's GenAI client metric in its Prometheus form, for dashboards built on the
# semantic conventions; llm_tokens_total stays for AgentDeck and existing dashboards.
GEN_AI_TOKEN_USAGE = Histogram(
    "gen_ai_client_token_usage",
    "Number of input and output tokens used",
    ["gen_ai_operation_name", "gen_ai_provider_name", "gen_ai_request_model", "gen_ai_token_type"],
    buckets=tuple(4 ** power for power in range(14)),  # 1, 4, 16 ... 4^13, as the conventions ask
)
READINESS = Gauge(
    "agent_readiness_check", "1 when a readiness check passes", ["check"], multiprocess_mode="liveall"
)


def render() -> bytes:
    if MULTIPROC_DIR:
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry)
    return generate_latest()
