"""Built-in command handlers; importing this package registers them."""

from live.handlers import chat, moderation, polls, qa, rooms, session  # noqa: F401
