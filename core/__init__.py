"""App-agnostic building blocks every app may use: the application error and the API error
handler, error pages, request limits and parsing, the client address, caching, logging, health
and the deploy checks; number formatting and server-made SVG charts.

``core`` imports no app of ours (``config``, ``checklists``, ``assessments``, ``reports`` and the
ones above them): the import-linter contract in ``pyproject.toml`` holds it to that, so anything
here can be used from any layer without an import cycle.
"""
