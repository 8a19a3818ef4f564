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
# OpenTelemetry's GenAI token counters (gen_ai.client.inference.usage.input_tokens and
# .output_tokens), named as Prometheus shows them: /metrics adds _total. AgentDeck reads these.
GEN_AI_LABELS = [
    "gen_ai_operation_name",
    "gen_ai_provider_name",
    "gen_ai_request_model",
    "gen_ai_response_model",
    "gen_ai_token_modality",
]
GEN_AI_INPUT_TOKENS = Counter(
    "gen_ai_client_inference_usage_input_tokens",
    "The number of input (prompt) tokens used, including cached tokens.",
    GEN_AI_LABELS,
)
GEN_AI_OUTPUT_TOKENS = Counter(
    "gen_ai_client_inference_usage_output_tokens",
    "The number of output (completion) tokens used, including reasoning tokens.",
    GEN_AI_LABELS,
)
# The conventions have no cost metric: AgentDeck reads this one where it exists, else prices the
# tokens from its own price table.
LLM_COST = Counter("llm_cost_dollars_total", "LLM spend in USD", ["model"])
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
