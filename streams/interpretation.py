"""Interpretation channels (issue 16): interpreters publish one audio track per language,
viewers choose the language they hear.

- An interpreter (`streams.models.Interpreter`: a person, a stage, a language; organizers
  assign them) publishes with `rtc.publish {language}`: audio only, Opus, one publisher per
  language and stage (a handover: the first unpublishes, the next publishes).
- A forwarding viewer's audio sender reads a `LanguageTrack`: the original speaker's audio,
  or the chosen language's interpreter while one publishes (the original again while none
  does: a handover or a dropped interpreter costs the viewer a moment of the original, not
  silence). Switching swaps the source inside the track the sender already reads, so there
  is no renegotiation and no `replaceTrack`: the browser sees one continuous audio track.
  Output RTP timestamps are rebased at each switch so they keep running (the two sources'
  clocks are unrelated; a jump would make the browser's jitter buffer resynchronise).
- A viewer of a panel holds one peer per speaker, each with its own audio. The language is
  heard on one of them only (the *carrier*: the connection's first peer, here, to a speaker
  whose process holds the interpreter); the others play silence while it is interpreted,
  so that two speakers do not mean the interpreter twice, nor the other speaker's original
  voice under the interpretation. Silence is sent as Opus silence frames at the original's
  pace (not as a pause), so the stream's clock keeps running and nothing is rebased.
  Which processes interpret which languages comes from the stage's directory
  (streams.sfu_cluster), kept in `StageMedia.interpreted_elsewhere`.
"""

from __future__ import annotations

from typing import Any

import av
from aiortc import MediaStreamTrack
from aiortc.mediastreams import MediaStreamError

from streams.sfu import ForwardTrack

# The languages a stage may be interpreted into, by their own names (shown as they are in
# both interface languages, as players list audio tracks).
LANGUAGES: dict[str, str] = {
    "zh": "中文",
    "en": "English",
    "ja": "日本語",
    "ko": "한국어",
    "fr": "Français",
    "de": "Deutsch",
    "es": "Español",
    "ru": "Русский",
    "ar": "العربية",
    "pt": "Português",
}
OPUS_FRAME = 960  # 20 ms at 48 kHz: the gap left between the last frame of one source and the next's
# One 20-ms Opus frame that decodes to silence (TOC 0xf8: CELT fullband, mono, one frame), the
# frame SFUs send for a muted track: a few bytes instead of the speaker's voice.
OPUS_SILENCE = b"\xf8\xff\xfe"


def language_name(code: str | None) -> str | None:
    return None if code is None else LANGUAGES.get(code, code)


class LanguageTrack(MediaStreamTrack):
    """A viewer's audio: the original's forwarded frames or an interpreter's. Every source's
    `arrived` event is this track's, so one wait hears a frame from the current source and a
    switch alike."""

    kind = "audio"

    def __init__(self, original: ForwardTrack) -> None:
        super().__init__()
        self.original = original
        self.source = original
        self.language: str | None = None  # what the viewer chose (None: the original)
        self.interpreted_by: str | None = None  # the interpreter's publisher id while one is heard
        self.silent = False  # the language is heard through another peer: the original's pace, no voice
        self.wake = original.arrived
        self.offset = 0
        self.last_out: int | None = None
        self.rebase = False
        self.frames_out = 0

    @property
    def feed(self) -> Any:  # what watch_viewer_feedback and the tests look at
        return self.source.feed

    def switch(self, source: ForwardTrack | None, publisher_id: str | None) -> None:
        """Hear `source` (an interpreter's forwarded audio), or the original (None)."""
        new = source or self.original
        if new is self.source:
            return
        old, self.source = self.source, new
        self.interpreted_by = publisher_id if source is not None else None
        if old is not self.original:
            old.stop()
        if new is self.original:
            self.original.frames.clear()  # what queued while the interpreter spoke is stale
        else:
            new.arrived = self.wake
        self.rebase = True
        self.wake.set()

    def keyframe_wanted(self) -> None:
        pass  # audio: every frame decodes on its own

    async def recv(self) -> av.Packet:
        while True:
            source = self.source
            if source.frames:
                break
            if self.readyState != "live" or self.original.ended:
                raise MediaStreamError
            if source.ended:  # the interpreter left: the original until media retunes us
                self.switch(None, None)
                continue
            self.wake.clear()
            await self.wake.wait()
        frame = source.frames.popleft()
        if self.rebase or self.last_out is None:
            start = 0 if self.last_out is None else self.last_out + OPUS_FRAME
            self.offset = start - frame.timestamp
            self.rebase = False
        self.last_out = frame.timestamp + self.offset
        packet = av.Packet(OPUS_SILENCE if self.silent and source is self.original else frame.data)
        packet.pts = self.last_out
        packet.time_base = source.feed.time_base
        self.frames_out += 1
        return packet

    def stop(self) -> None:
        if self.source is not self.original:
            self.source.stop()
        self.original.stop()
        super().stop()


def retune(
    viewer: Any, interpreters: dict[str, Any], *, elsewhere: frozenset[str] = frozenset(), carrier: bool = True
) -> None:
    """Point a viewer's audio at its language's interpreter (`interpreters`: language →
    Publisher of this stage here), or at the original when that language has none now.
    Silent instead while the language is heard through another peer: this connection's
    carrier (`carrier` False), or a process holding its interpreter (`elsewhere`)."""
    for track in viewer.tracks:
        if not isinstance(track, LanguageTrack):
            continue
        publisher = interpreters.get(track.language) if track.language else None
        if publisher is None or not carrier:
            track.switch(None, None)
            track.silent = publisher is not None or (track.language is not None and track.language in elsewhere)
            continue
        track.silent = False
        if track.interpreted_by == publisher.peer_id:
            continue
        feed = next((f for f in publisher.feeds if f.kind == "audio"), None)
        track.switch(feed.subscribe() if feed is not None else None, publisher.peer_id if feed else None)


def retune_stage(viewers: list[Any], interpreters: dict[str, Any], elsewhere: frozenset[str]) -> None:
    """Every viewer of one stage here (in the order they subscribed): per connection and
    language, the first peer carries the interpretation and the others are silent."""
    carried: set[tuple[int, str]] = set()
    for viewer in viewers:
        track = language_track(viewer)
        key = (id(viewer.conn), track.language or "") if track is not None else None
        carrier = key is None or key not in carried
        if key is not None and track.language in interpreters:
            carried.add(key)
        retune(viewer, interpreters, elsewhere=elsewhere, carrier=carrier)


def language_track(viewer: Any) -> LanguageTrack | None:
    return next((t for t in viewer.tracks if isinstance(t, LanguageTrack)), None)
