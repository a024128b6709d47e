"""The bargain engine."""
