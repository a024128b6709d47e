"""The simulate engine."""
