"""The users of the load bench (bench/load.py): specialists reading the main pages.

Run by ``python -m locust`` in its own process. The bench logs the users in beforehand (a
password check is deliberately slow and is not what is measured) and hands over the pages in
MSOKO_LOAD_PAGES (JSON list of [name, path]) and the session cookies in MSOKO_LOAD_SESSIONS.
"""

from __future__ import annotations

import itertools
import json
import os
import random
from urllib.parse import urlsplit

from locust import HttpUser, between, task

PAGES: list[list[str]] = json.loads(os.environ.get("MSOKO_LOAD_PAGES", "[]"))
SESSIONS = itertools.cycle(json.loads(os.environ.get("MSOKO_LOAD_SESSIONS", '[""]')))


class Specialist(HttpUser):
    """A logged-in specialist who opens a main page every 0.5–1.5 s, as a person reading them would."""

    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        self.client.cookies.set("sessionid", next(SESSIONS), domain=urlsplit(self.host).hostname)

    @task
    def page(self) -> None:
        name, path = random.choice(PAGES)
        with self.client.get(path, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
            elif "/login/" in str(response.url):
                response.failure("сессия потеряна: страница входа")
