"""imapdash: an open, self-hostable Interactive Map on Migration built with Dash."""

from .version import __version__


def create_app(*args, **kwargs):
    """Build the Dash app (see `imapdash.factory.create_app`); imported lazily to keep the CLI fast."""
    from .factory import create_app as _create_app

    return _create_app(*args, **kwargs)


__all__ = ["__version__", "create_app"]
