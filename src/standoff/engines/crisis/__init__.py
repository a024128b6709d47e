"""The crisis engine."""
