"""The `standoff` commands of the simulate engine."""
