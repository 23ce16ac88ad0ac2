"""Permit documents: type checked by content (never by name or the browser's claim), size
capped, stored outside the web root under PRIVATE_FILES_ROOT/permits/."""

from __future__ import annotations

import hashlib
import os
import uuid
from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.exceptions import ApplicationError
from core.private_files import private_file_path, private_file_write

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
MAX_DOCUMENTS_PER_PERMIT = 20

# content type -> (magic prefix, file extension)
_SIGNATURES: tuple[tuple[str, bytes, str], ...] = (
    ("application/pdf", b"%PDF-", "pdf"),
    ("image/jpeg", b"\xff\xd8\xff", "jpg"),
    ("image/png", b"\x89PNG\r\n\x1a\n", "png"),
)


class DocumentError(ApplicationError):
    """The file is not a PDF, JPEG or PNG, is empty, or is too large."""


@dataclass(frozen=True)
class CheckedDocument:
    kind: str
    original_filename: str
    content: bytes
    content_type: str
    extension: str
    sha256: str


def sniff(content: bytes) -> tuple[str, str] | None:
    """(content type, extension) read from the first bytes, or None for anything else."""
    for content_type, magic, extension in _SIGNATURES:
        if content.startswith(magic):
            if content_type == "application/pdf" and b"%%EOF" not in content[-2048:]:
                return None  # truncated or not a PDF at all
            if content_type == "image/jpeg" and not content.rstrip(b"\x00").endswith(b"\xff\xd9"):
                return None
            if content_type == "image/png" and b"IEND" not in content[-32:]:
                return None
            return content_type, extension
    return None


def document_check(*, kind: str, original_filename: str, content: bytes) -> CheckedDocument:
    """Check an upload by its content. Raises DocumentError with a message a person can act on."""
    name = os.path.basename(original_filename or "")[:255] or "document"
    if not content:
        raise DocumentError(_("The file %(name)s is empty.") % {"name": name})
    if len(content) > MAX_DOCUMENT_BYTES:
        raise DocumentError(
            _("The file %(name)s is larger than 5 MB: upload a smaller scan.") % {"name": name}
        )
    sniffed = sniff(content)
    if sniffed is None:
        raise DocumentError(
            _(
                "The file %(name)s is not a PDF, JPEG or PNG document: upload a scan in one "
                "of these formats."
            )
            % {"name": name}
        )
    content_type, extension = sniffed
    return CheckedDocument(
        kind=kind,
        original_filename=name,
        content=content,
        content_type=content_type,
        extension=extension,
        sha256=hashlib.sha256(content).hexdigest(),
    )


def document_store(*, permit_id: int, document: CheckedDocument) -> str:
    """Write the file (mode 0600, never overwriting) and return its path relative to the root."""
    relative = f"permits/{permit_id}/{uuid.uuid4().hex}.{document.extension}"
    private_file_write(relative, document.content)
    return relative


def document_read(relative: str) -> bytes:
    return private_file_path(relative).read_bytes()
