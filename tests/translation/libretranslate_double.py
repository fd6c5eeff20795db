"""A test double of a LibreTranslate server: a real HTTP server on 127.0.0.1 and a free port
that implements the documented API (https://libretranslate.com/docs, LibreTranslate ≥ 1.6):

    POST /translate   q (string or list), source (code or "auto"), target, format, api_key,
                      as JSON or as a form → {"translatedText": str | [str]}, plus
                      "detectedLanguage": {"confidence", "language"} (a list for a list of q)
                      when source is "auto"
    POST /detect      q, api_key → [{"confidence", "language"}]
    GET  /languages   → [{"code", "name", "targets"}]
    refusals          {"error": "..."}: 400 (missing or unsupported field, over the char
                      limit), 403 (API key missing or invalid when keys are required), 429

Its "translations" are a small phrase book, else the text marked with the language pair, so
tests can tell what was translated from what. `mode` makes it misbehave on purpose, and
`requests` records what it was asked.
"""

from __future__ import annotations

import json
import threading
import time
import unicodedata
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

LANGUAGES = [
    {"code": "en", "name": "English", "targets": ["en", "fr", "ru", "zh-Hans"]},
    {"code": "fr", "name": "French", "targets": ["en", "fr", "zh-Hans"]},
    {"code": "ru", "name": "Russian", "targets": ["en", "ru", "zh-Hans"]},
    {"code": "zh-Hans", "name": "Chinese", "targets": ["en", "fr", "ru", "zh-Hans"]},
]
CODES = {language["code"] for language in LANGUAGES}
ALIASES = {"zh": "zh-Hans"}  # LibreTranslate still accepts the old code

PHRASES = {
    ("zh-Hans", "en", "人工智能芯片联合研发"): "Joint research on AI chips",
    ("en", "zh-Hans", "Joint research on AI chips"): "人工智能芯片联合研发",
    ("fr", "zh-Hans", "Bonjour à tous"): "大家好",
    ("fr", "en", "Bonjour à tous"): "Hello everyone",
}


def detect(text: str) -> str:
    if any("\u4e00" <= char <= "\u9fff" for char in text):
        return "zh-Hans"
    if any("\u0400" <= char <= "\u04ff" for char in text):
        return "ru"
    if any(unicodedata.decomposition(char) for char in text if char.isalpha()):
        return "fr"
    return "en"


def translate(text: str, source: str, target: str) -> str:
    if source == target:
        return text
    return PHRASES.get((source, target, text), f"[{source}>{target}] {text}")


class LibreTranslateDouble(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, api_key: str = "", char_limit: int = 5000) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.api_key = api_key
        self.char_limit = char_limit
        # "ok", or: "error500", "busy" (429), "garbage" (not JSON), "wrong_count", "no_field",
        # "slow" (answers after `delay` s), "html" (a proxy's error page with 200).
        self.mode = "ok"
        self.delay = 0.0
        # Seconds every answer takes (a real engine needs 0.1–1 s per request on a CPU): benchmarks.
        self.latency = 0.0
        self.requests: list[tuple[str, dict[str, Any]]] = []
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def paths(self, path: str) -> list[dict[str, Any]]:
        return [fields for asked, fields in self.requests if asked == path]

    def start(self) -> LibreTranslateDouble:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


class Handler(BaseHTTPRequestHandler):
    server: LibreTranslateDouble

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        if self.path.split("?")[0] != "/languages":
            return self.answer(404, {"error": "Not Found"})
        self.server.requests.append(("/languages", {}))
        self.answer(200, LANGUAGES)

    def do_POST(self) -> None:
        path = self.path.split("?")[0]
        fields = self.fields()
        self.server.requests.append((path, fields))
        if path not in ("/translate", "/detect"):
            return self.answer(404, {"error": "Not Found"})
        misbehaviour = self.misbehave()
        if misbehaviour:
            return
        if self.server.api_key and fields.get("api_key") != self.server.api_key:
            return self.answer(403, {"error": "Invalid API key"})
        q = fields.get("q")
        if q is None or q == "" or q == []:
            return self.answer(400, {"error": "Invalid request: missing q parameter"})
        texts = q if isinstance(q, list) else [q]
        if not all(isinstance(text, str) for text in texts):
            return self.answer(400, {"error": "Invalid request: q must be text"})
        if self.server.char_limit >= 0 and sum(len(text) for text in texts) > self.server.char_limit:
            return self.answer(400, {"error": f"Invalid request: request ({sum(map(len, texts))}) exceeds text limit"})
        if path == "/detect":
            return self.answer(200, [{"confidence": 90.0, "language": detect(texts[0])}])
        return self.translate(fields, q, texts)

    def translate(self, fields: dict[str, Any], q: Any, texts: list[str]) -> None:
        source = ALIASES.get(fields.get("source", ""), fields.get("source", ""))
        target = ALIASES.get(fields.get("target", ""), fields.get("target", ""))
        if not source:
            return self.answer(400, {"error": "Invalid request: missing source parameter"})
        if not target:
            return self.answer(400, {"error": "Invalid request: missing target parameter"})
        if source != "auto" and source not in CODES:
            return self.answer(400, {"error": f"{source} is not supported"})
        if target not in CODES:
            return self.answer(400, {"error": f"{target} is not supported"})
        if fields.get("format", "text") not in ("text", "html"):
            return self.answer(400, {"error": f"{fields['format']} format is not supported"})
        sources = [detect(text) if source == "auto" else source for text in texts]
        translated = [translate(text, s, target) for text, s in zip(texts, sources, strict=True)]
        if self.server.mode == "wrong_count":
            translated = translated[:-1]
        body: dict[str, Any] = {"translatedText": translated if isinstance(q, list) else translated[0]}
        if source == "auto":
            detected = [{"confidence": 90.0, "language": s} for s in sources]
            body["detectedLanguage"] = detected if isinstance(q, list) else detected[0]
        if self.server.mode == "no_field":
            body = {"result": translated}
        self.answer(200, body)

    def misbehave(self) -> bool:
        mode = self.server.mode
        if self.server.latency:
            time.sleep(self.server.latency)
        if mode == "slow":
            time.sleep(self.server.delay)
        elif mode == "error500":
            self.answer(500, {"error": "Cannot translate text: internal error"})
        elif mode == "busy":
            self.answer(429, {"error": "Slowdown: 30 per 1 minute"})
        elif mode == "garbage":
            self.raw(200, b"\x00\xffnot json at all", "application/json")
        elif mode == "html":
            self.raw(200, b"<html><body>502 Bad Gateway</body></html>", "text/html")
        else:
            return False
        return mode != "slow"

    def fields(self) -> dict[str, Any]:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if (self.headers.get("Content-Type") or "").startswith("application/json"):
            try:
                body = json.loads(raw or b"{}")
            except ValueError:
                return {}
            return body if isinstance(body, dict) else {}
        form = parse_qs(raw.decode("utf-8", "replace"))
        return {key: values if key == "q" and len(values) > 1 else values[0] for key, values in form.items()}

    def answer(self, status: int, body: Any) -> None:
        self.raw(status, json.dumps(body, ensure_ascii=False).encode(), "application/json")

    def raw(self, status: int, body: bytes, content_type: str) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test)
