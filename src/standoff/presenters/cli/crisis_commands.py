"""The `standoff` commands of the crisis engine."""
