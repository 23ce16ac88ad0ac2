"""Files kept outside the web root, under PRIVATE_FILES_ROOT (imports, permit documents)."""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings


def private_file_path(relative: str) -> Path:
    """The absolute path of a stored file; refuses anything outside PRIVATE_FILES_ROOT."""
    root = Path(settings.PRIVATE_FILES_ROOT).resolve()
    path = (root / relative).resolve()
    if root not in path.parents:
        raise ValueError(relative)
    return path


def private_file_write(relative: str, content: bytes) -> None:
    """Write a new stored file (mode 0600 in folders of mode 0700); never overwrites one."""
    path = private_file_path(relative)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(content)
