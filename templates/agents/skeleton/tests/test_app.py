"""Fast checks for CI; the full behaviour is exercised against a live server in AgentDeck's own tests."""
import json
import os
from pathlib import Path

import pytest

os.environ.setdefault("AGENT_CHECKS", "gpu")

from fastapi.testclient import TestClient  # noqa: E402

from app.card import AgentCard  # noqa: E402
from app.llm import LLMClient, by_modality  # noqa: E402
from app.main import app  # noqa: E402
from app.settings import Settings  # noqa: E402

CARD_FILE = Path(__file__).resolve().parent.parent / "agent-card.json"


def test_healthz_is_process_only():
    assert TestClient(app).get("/healthz").json() == {"status": "ok"}


def test_metrics_exposes_contract_names():
    body = TestClient(app).get("/metrics").text
    for name in ("agent_active_requests", "agent_request_queue_depth", "agent_tasks_total"):
        assert name in body


def test_token_usage_is_counted_under_the_current_genai_names():
    azure = LLMClient(Settings.from_env({"LLM_PROVIDER": "azure-openai"}))
    usage = {"prompt_tokens": 7, "completion_tokens": 2, "prompt_tokens_details": {"audio_tokens": 3}}
    azure._record("test-model", {"model": "test-model-0613", "usage": usage})
    body = TestClient(app).get("/metrics").text
    labels = (
        'gen_ai_operation_name="chat",gen_ai_provider_name="azure.ai.openai",'
        'gen_ai_request_model="test-model",gen_ai_response_model="test-model-0613",'
    )
    # modalities the provider did not name are unknown, as the conventions ask
    for series, value in (
        ('gen_ai_client_inference_usage_input_tokens_total{' + labels + 'gen_ai_token_modality="audio"}', 3.0),
        ('gen_ai_client_inference_usage_input_tokens_total{' + labels + 'gen_ai_token_modality="unknown"}', 4.0),
        ('gen_ai_client_inference_usage_output_tokens_total{' + labels + 'gen_ai_token_modality="unknown"}', 2.0),
    ):
        assert f"{series} {value}" in body, series
    assert "llm_tokens_total" not in body and "gen_ai_client_token_usage" not in body


def test_tokens_split_by_the_modalities_the_provider_reports():
    assert by_modality(10, None) == {"unknown": 10}
    assert by_modality(0, {}) == {"unknown": 0}
    assert by_modality(10, {"text_tokens": 6, "image_tokens": 4, "cached_tokens": 5}) == {"text": 6, "image": 4}
    assert by_modality(10, {"audio_tokens": 3}) == {"audio": 3, "unknown": 7}


def test_agent_card_serves_the_card_written_from_the_form():
    response = TestClient(app).get("/.well-known/agent-card.json")
    assert response.status_code == 200
    card = response.json()
    assert card == json.loads(CARD_FILE.read_text(encoding="utf-8"))
    for key in ("name", "description", "version", "supportedInterfaces", "skills"):
        assert card[key], key
    for skill in card["skills"]:
        assert skill["id"] and skill["name"] and skill["description"] and skill["tags"]
    unchanged = TestClient(app).get(
        "/.well-known/agent-card.json", headers={"If-None-Match": response.headers["etag"]}
    )
    assert unchanged.status_code == 304


def test_agent_card_url_follows_the_environment():
    settings = Settings.from_env({"AGENT_CARD_URL": "https://agent.dev.example.com/agent/run"})
    card = json.loads(AgentCard(settings).body)
    assert card["supportedInterfaces"][0]["url"] == "https://agent.dev.example.com/agent/run"
    assert card["name"] == json.loads(CARD_FILE.read_text(encoding="utf-8"))["name"]


def test_a_card_without_skills_stops_the_start(tmp_path):
    card = json.loads(CARD_FILE.read_text(encoding="utf-8"))
    card["skills"] = []
    broken = tmp_path / "agent-card.json"
    broken.write_text(json.dumps(card), encoding="utf-8")
    with pytest.raises(ValueError, match="skills"):
        AgentCard(Settings.from_env({"AGENT_CARD_FILE": str(broken)}))
