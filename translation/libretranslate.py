"""The default backend: a client of LibreTranslate's HTTP API (and of the services that copy
it), on the standard library.

Why not a client library: `libretranslatepy` (2.1.4, the one on PyPI) sends one text per
request as a form, without `format`, and turns every failure into a bare urllib exception;
a page of fifty messages needs one request with `q` as a list, and error answers need
telling apart (down → rest the backend; refused → show the original). The API is four
fields, so the client is short. The contract it relies on (docs/translation.md):

    POST /translate  {q: str | [str], source: code | "auto", target: code, format: "text",
                      api_key?}  → {translatedText: str | [str],
                                    detectedLanguage?: {language, confidence} | [...]}
    POST /detect     {q, api_key?}  → [{language, confidence}, ...]
    GET  /languages                 → [{code, name, targets?}, ...]
    errors: 4xx/5xx with {error: "..."}; 400 bad request, 403 bad key, 429 slow down, 500.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from http.client import HTTPException
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit
from urllib.request import Request, urlopen

from django.core.cache import cache

from translation.backends import Translated, TranslationError
from translation.languages import normalize

# An answer larger than this is not a translation of our texts: refuse it unread.
MAX_ANSWER_BYTES = 4 * 1024 * 1024
LANGUAGES_SECONDS = 3600


class LibreTranslateBackend:
    name = "libretranslate"

    def __init__(self, url: str, api_key: str = "", timeout: float = 5.0) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"TRANSLATION_URL must be an http(s) URL, not {url!r}")
        self.url = url.rstrip("/")
        self.api_key = api_key
        self.timeout = timeout

    @classmethod
    def from_settings(cls, config: Any) -> LibreTranslateBackend | None:
        url = getattr(config, "TRANSLATION_URL", "")
        if not url:
            return None
        return cls(url, getattr(config, "TRANSLATION_API_KEY", ""), float(getattr(config, "TRANSLATION_TIMEOUT", 5)))

    # The API

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[Translated]:
        if not texts:
            return []
        payload = {"q": list(texts), "source": self._code(source), "target": self._code(target), "format": "text"}
        answer = self._call("POST", "/translate", payload)
        translated = answer.get("translatedText") if isinstance(answer, dict) else None
        if isinstance(translated, str) and len(texts) == 1:
            translated = [translated]  # a server that answers a one-text list with a string
        if (
            not isinstance(translated, list)
            or len(translated) != len(texts)
            or not all(isinstance(text, str) for text in translated)
        ):
            raise TranslationError(f"/translate answered without {len(texts)} translatedText strings", transient=False)
        detected = answer.get("detectedLanguage")
        if not isinstance(detected, list):
            detected = [detected] * len(texts)
        languages = [normalize(d.get("language")) if isinstance(d, dict) else "" for d in detected]
        languages += [""] * (len(texts) - len(languages))
        return [Translated(text, language) for text, language in zip(translated, languages, strict=False)]

    def detect(self, text: str) -> str:
        answer = self._call("POST", "/detect", {"q": text})
        if not isinstance(answer, list):
            raise TranslationError("/detect answered without a list", transient=False)
        scored = [d for d in answer if isinstance(d, dict) and isinstance(d.get("confidence"), int | float)]
        if not scored:
            return ""
        return normalize(max(scored, key=lambda d: d["confidence"]).get("language"))

    def languages(self) -> list[str]:
        """The server's own language codes (zh-Hans on LibreTranslate ≥ 1.6, zh before)."""
        answer = self._call("GET", "/languages")
        if not isinstance(answer, list):
            raise TranslationError("/languages answered without a list", transient=False)
        return [d["code"] for d in answer if isinstance(d, dict) and isinstance(d.get("code"), str)]

    # Plumbing

    def _code(self, language: str) -> str:
        """The server's code for a site code: "zh" is "zh-Hans" on servers that list that."""
        if language != "zh":
            return language
        key = f"translation:codes:{self.url}"
        codes = cache.get(key)
        if codes is None:
            seconds = LANGUAGES_SECONDS
            try:
                codes = self.languages()
            except TranslationError:
                codes, seconds = [], 60  # older servers and copies: the plain code; ask again soon
            cache.set(key, codes, timeout=seconds)
        return "zh-Hans" if "zh-Hans" in codes and "zh" not in codes else "zh"

    def _call(self, method: str, path: str, payload: dict[str, Any] | None = None) -> Any:
        data = None
        headers = {"Accept": "application/json"}
        if method == "POST":
            body = dict(payload or {})
            if self.api_key:
                body["api_key"] = self.api_key
            data = json.dumps(body, ensure_ascii=False).encode()
            headers["Content-Type"] = "application/json"
        request = Request(self.url + path, data=data, headers=headers, method=method)
        try:
            with urlopen(request, timeout=self.timeout) as response:  # an http(s) URL: checked in __init__
                raw = response.read(MAX_ANSWER_BYTES + 1)
        except HTTPError as error:
            raise TranslationError(
                f"{path} answered {error.code}: {_error_text(error)}", transient=error.code >= 500 or error.code == 429
            ) from error
        except (URLError, HTTPException, OSError, ValueError) as error:  # refused, reset, timeout, bad URL
            raise TranslationError(f"{path} unreachable: {error}", transient=True) from error
        if len(raw) > MAX_ANSWER_BYTES:
            raise TranslationError(f"{path} answered more than {MAX_ANSWER_BYTES} bytes", transient=False)
        try:
            return json.loads(raw)
        except (ValueError, RecursionError) as error:
            raise TranslationError(f"{path} answered something that is not JSON", transient=False) from error


def _error_text(error: HTTPError) -> str:
    try:
        body = json.loads(error.read(64 * 1024) or b"{}")
    except (ValueError, OSError):
        return error.reason or ""
    return str(body.get("error", "")) if isinstance(body, dict) else ""
