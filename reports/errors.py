"""Render failures; plain exceptions with no Django or WeasyPrint import, usable anywhere."""


class RenderError(Exception):
    """The renderer failed; the message is safe to show to the report's issuer."""


class RenderTimeout(RenderError):
    pass


class RenderMemoryError(RenderError):
    pass
