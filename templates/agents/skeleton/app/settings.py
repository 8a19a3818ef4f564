"""Settings come from the environment; the ConfigMap holds everything that is not a secret."""
import os
from dataclasses import dataclass, field


def _csv(value: str) -> list:
    return [item.strip() for item in value.split(",") if item.strip()]


@dataclass(frozen=True)
class Settings:
    name: str
    llm_provider: str
    llm_base_url: str
    llm_model: str
    llm_api_key: str = field(repr=False)
    llm_timeout_seconds: float
    checks: list
    max_concurrency: int
    longest_task_seconds: float
    queue_kind: str
    queue_address: str
    queue_name: str
    queue_consumer: str
    price_input_per_1k: float
    price_output_per_1k: float
    card_file: str
    card_url: str

    @staticmethod
    def from_env(env=os.environ) -> "Settings":
        return Settings(
            name=env.get("AGENT_NAME", "agent"),
            llm_provider=env.get("LLM_PROVIDER", "openai"),
            llm_base_url=env.get("LLM_BASE_URL", "https://api.openai.com/v1").rstrip("/"),
            llm_model=env.get("LLM_MODEL", "gpt-4o-mini"),
            llm_api_key=env.get("LLM_API_KEY", ""),
            llm_timeout_seconds=float(env.get("LLM_TIMEOUT_SECONDS", "120")),
            checks=_csv(env.get("AGENT_CHECKS", "llm_api")),
            max_concurrency=int(env.get("AGENT_MAX_CONCURRENCY", "8")),
            longest_task_seconds=float(env.get("AGENT_LONGEST_TASK_SECONDS", "120")),
            queue_kind=env.get("QUEUE_KIND", ""),
            queue_address=env.get("QUEUE_ADDRESS", ""),
            queue_name=env.get("QUEUE_NAME", ""),
            queue_consumer=env.get("QUEUE_CONSUMER", env.get("AGENT_NAME", "agent")),
            price_input_per_1k=float(env.get("LLM_PRICE_INPUT_PER_1K", "0")),
            price_output_per_1k=float(env.get("LLM_PRICE_OUTPUT_PER_1K", "0")),
            card_file=env.get("AGENT_CARD_FILE", ""),
            # Non-production environments answer on their own host, not the card's production URL.
            card_url=env.get("AGENT_CARD_URL", ""),
        )

    def dependency_url(self, check: str) -> str:
        if check in ("llm_api", "model_loaded") and not os.environ.get(check.upper() + "_URL"):
            return self.llm_base_url + "/models"
        return os.environ.get(check.upper() + "_URL", "")
