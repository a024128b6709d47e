"""Writing output files: atomically, through the one output writer
(:func:`standoff.core.writer.write_atomic`: a short temporary name beside the target and
a rename; regular files only; symbolic links followed, dangling ones refused; temporary
files removed on SIGTERM and SIGINT). Figures are rendered by
:mod:`standoff.presenters.figures`."""

from standoff.core.writer import write_atomic

__all__ = ["write_atomic"]
