"""What an evidence upload may be, as people read it: sizes in human units, types by name."""

from __future__ import annotations

from django.conf import settings
from django.utils.formats import number_format

TYPE_NAMES = {
    "application/pdf": ("PDF", ".pdf"),
    "image/png": ("PNG", ".png"),
    "image/jpeg": ("JPEG", ".jpg,.jpeg"),
    "text/plain": ("TXT", ".txt"),
    "text/csv": ("CSV", ".csv"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ("DOCX", ".docx"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ("XLSX", ".xlsx"),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": (
        "PPTX",
        ".pptx",
    ),
}


def size_text(size: int) -> str:
    """``10485760`` → ``10 MB`` (binary units, as the limit is set; one decimal when needed)."""
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= factor:
            value = round(size / factor, 1)
            places = 0 if value.is_integer() else 1
            return f"{number_format(value, places)} {unit}"
    return f"{size} B"


def allowed_type_names() -> list[str]:
    return [TYPE_NAMES.get(t, (t, ""))[0] for t in settings.EVIDENCE_CONTENT_TYPES]


def accept_attribute() -> str:
    """The file input's ``accept``: a hint for the picker; the server checks the bytes."""
    return ",".join(TYPE_NAMES[t][1] for t in settings.EVIDENCE_CONTENT_TYPES if t in TYPE_NAMES)
