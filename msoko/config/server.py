"""The web server of `msoko serve`: gunicorn, run from Python with our settings.

Several processes (``workers``) each with threads; the database connections the command
opened before forking are closed first, so no process shares a connection with another.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import connections
from gunicorn.app.base import BaseApplication

from msoko.config.wsgi import application


class _Server(BaseApplication):
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        return application


def serve(*, host: str, port: int, workers: int, threads: int = 8) -> None:
    connections.close_all()
    _Server(
        {
            # X-Forwarded-Proto makes the request https only from these (none by default)
            "forwarded_allow_ips": ",".join(settings.MSOKO_TRUSTED_PROXIES),
            "bind": f"{host}:{port}",
            "workers": workers,
            "threads": threads,
            "worker_class": "gthread",
            "timeout": 300,  # a region's first page or a big upload may take a while
            "graceful_timeout": 30,
            "proc_name": "msoko",
            "accesslog": None,
            "errorlog": "-",
            "loglevel": "warning",
        }
    ).run()
