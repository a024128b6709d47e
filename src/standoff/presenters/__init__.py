"""Presenters: the command line and the brief. They format results; they compute nothing."""
