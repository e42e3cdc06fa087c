"""Settings for development and the test suite: ``config.settings`` with ``DEBUG`` on unless the
environment says otherwise. ``config.settings`` itself defaults to ``DEBUG`` off, so a production
process that forgets the variable never shows Django's debug pages."""

from __future__ import annotations

import os

os.environ.setdefault("DEBUG", "1")

from config.settings import *  # noqa: E402, F403
