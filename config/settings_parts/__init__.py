"""The parts of config/settings.py, one concern a module; settings.py imports them all."""
