"""The forecast engine."""
