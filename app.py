"""Entry point: `python app.py` serves imapdash; `gunicorn app:server` serves it in production."""

import logging
import sys

from imapdash import create_app
from imapdash.factory import AppStartupError
from imapdash.settings import Settings, SettingsError

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

try:
    settings = Settings.from_env()
    app = create_app(settings)
except (AppStartupError, SettingsError) as exc:
    print(exc, file=sys.stderr)
    sys.exit(1)
server = app.server

if __name__ == "__main__":
    print(f"imapdash: open http://{settings.host}:{settings.port}/", file=sys.stderr)
    app.run(host=settings.host, port=settings.port, debug=settings.debug)
