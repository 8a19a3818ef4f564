"""The A2A agent card: written from the template form into agent-card.json, served as it is."""
import hashlib
import json
from pathlib import Path

DEFAULT_FILE = Path(__file__).resolve().parent.parent / "agent-card.json"
REQUIRED = ("name", "description", "supportedInterfaces", "version", "capabilities",
            "defaultInputModes", "defaultOutputModes", "skills")


class AgentCard:
    def __init__(self, settings):
        card = json.loads(Path(settings.card_file or DEFAULT_FILE).read_text(encoding="utf-8"))
        # A broken card fails the start (and CI's pytest), not a client's discovery later.
        missing = [key for key in REQUIRED if card.get(key) in (None, "", [])]
        if missing:
            raise ValueError(f"agent-card.json lacks {', '.join(missing)}")
        if settings.card_url:
            card["supportedInterfaces"][0]["url"] = settings.card_url
        self.body = json.dumps(card, ensure_ascii=False).encode("utf-8")
        self.etag = '"' + hashlib.sha256(self.body).hexdigest()[:32] + '"'
