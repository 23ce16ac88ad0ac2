"""Files kept outside the web root, under PRIVATE_FILES_ROOT (imports, permit documents)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings


def private_file_path(relative: str) -> Path:
    """The absolute path of a stored file; refuses anything outside PRIVATE_FILES_ROOT."""
    root = Path(settings.PRIVATE_FILES_ROOT).resolve()
    path = (root / relative).resolve()
    if root not in path.parents:
        raise ValueError(relative)
    return path
