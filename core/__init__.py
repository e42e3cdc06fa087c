"""Building blocks shared by every app: number formatting and server-made SVG charts.

``core`` imports nothing of ours (only Django and the standard library), so pages, reports and
any later app can use it without an import cycle.
"""
