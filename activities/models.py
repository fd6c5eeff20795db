"""The activities app's models (docs/activities.md)."""
