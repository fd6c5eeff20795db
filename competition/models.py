"""The competition app's models (docs/competition.md)."""
