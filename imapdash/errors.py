"""Errors any part may raise (a leaf module: it imports nothing of the package)."""


class AppStartupError(RuntimeError):
    """The app cannot start; the message says why in a few readable lines (no traceback needed)."""
