"""The `standoff` commands of the forecast engine."""
