"""The `standoff` commands of the bargain engine."""
