"""A small client for any OpenAI-compatible chat completions API, with retries and metrics."""
import asyncio
import random

import httpx

from .metrics import GEN_AI_INPUT_TOKENS, GEN_AI_OUTPUT_TOKENS, LLM_COST, LLM_REQUESTS

RETRYABLE = {429, 500, 502, 503, 504}
# The template's provider names where OpenTelemetry has a well-known value; others pass through.
OTEL_PROVIDER_NAMES = {"azure-openai": "azure.ai.openai"}


class LLMError(RuntimeError):
    pass


def by_modality(total: int, details) -> dict:
    """Splits a token count by the modalities the provider reported; the rest is `unknown`."""
    parts = {}
    for modality in ("text", "image", "audio"):
        count = (details or {}).get(modality + "_tokens") or 0
        if count > 0:
            parts[modality] = count
    rest = total - sum(parts.values())
    if rest > 0 or not parts:
        parts["unknown"] = max(rest, 0)
    return parts


class LLMClient:
    def __init__(self, settings, attempts: int = 3):
        self.settings = settings
        self.attempts = attempts
        self._client = httpx.AsyncClient(
            base_url=settings.llm_base_url,
            timeout=httpx.Timeout(settings.llm_timeout_seconds, connect=5.0),
            headers={"Authorization": f"Bearer {settings.llm_api_key}"} if settings.llm_api_key else {},
        )

    async def complete(self, messages: list) -> dict:
        model = self.settings.llm_model
        for attempt in range(1, self.attempts + 1):
            try:
                response = await self._client.post("/chat/completions", json={"model": model, "messages": messages})
            except httpx.TransportError as exc:
                LLM_REQUESTS.labels(model=model, status="error").inc()
                if attempt == self.attempts:
                    self._count_tokens(model, "", {})
                    raise LLMError(f"LLM API unreachable: {exc}") from exc
            else:
                LLM_REQUESTS.labels(model=model, status=str(response.status_code)).inc()
                if response.status_code < 400:
                    return self._record(model, response.json())
                if response.status_code not in RETRYABLE or attempt == self.attempts:
                    self._count_tokens(model, "", {})
                    raise LLMError(f"LLM API answered {response.status_code}")
            # Exponential backoff with jitter so replicas do not retry in lockstep.
            await asyncio.sleep(min(2 ** attempt, 10) * (0.5 + random.random() / 2))
        raise LLMError("unreachable")

    def _count_tokens(self, model: str, response_model: str, usage: dict) -> None:
        """Every operation counts, a failed one or one without usage as 0 `unknown` tokens."""
        provider = OTEL_PROVIDER_NAMES.get(self.settings.llm_provider, self.settings.llm_provider)
        for counter, total, details in (
            (GEN_AI_INPUT_TOKENS, usage.get("prompt_tokens", 0), usage.get("prompt_tokens_details")),
            (GEN_AI_OUTPUT_TOKENS, usage.get("completion_tokens", 0), usage.get("completion_tokens_details")),
        ):
            for modality, count in by_modality(total, details).items():
                counter.labels(
                    gen_ai_operation_name="chat",
                    gen_ai_provider_name=provider,
                    gen_ai_request_model=model,
                    gen_ai_response_model=response_model,
                    gen_ai_token_modality=modality,
                ).inc(count)

    def _record(self, model: str, body: dict) -> dict:
        usage = body.get("usage") or {}
        prompt, completion = usage.get("prompt_tokens", 0), usage.get("completion_tokens", 0)
        self._count_tokens(model, body.get("model") or "", usage)
        cost = prompt / 1000 * self.settings.price_input_per_1k + completion / 1000 * self.settings.price_output_per_1k
        LLM_COST.labels(model=model).inc(cost)
        choices = body.get("choices") or [{}]
        return {"output": (choices[0].get("message") or {}).get("content", ""), "usage": usage}

    async def close(self) -> None:
        await self._client.aclose()
