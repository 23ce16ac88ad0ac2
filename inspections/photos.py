"""Photos of findings: checked by their content, never by the name or the browser's claim
(the magic bytes of permits.documents, then Pillow's own verification of the whole image), size
and pixel count capped, stored outside the web root under PRIVATE_FILES_ROOT/inspections/."""

from __future__ import annotations

import hashlib
import io
import uuid
from dataclasses import dataclass

from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from core.private_files import private_file_path, private_file_write
from inspections.errors import InspectionError, refuse
from permits.documents import sniff

MAX_PHOTO_BYTES = 5 * 1024 * 1024
# a phone photo is about 12 megapixels; far more is a decompression bomb, not a photo
MAX_PHOTO_PIXELS = 40_000_000
IMAGE_TYPES = frozenset({"image/jpeg", "image/png"})


@dataclass(frozen=True)
class CheckedPhoto:
    content: bytes
    content_type: str
    extension: str
    sha256: str


def photo_check(*, content: bytes) -> CheckedPhoto:
    """A JPEG or PNG photo of at most 5 MB that Pillow can read whole. Raises InspectionError
    (field "photo") with a message the inspector can act on."""
    if not content:
        raise refuse(_("The photo is empty: take it again."), "photo")
    if len(content) > MAX_PHOTO_BYTES:
        raise refuse(_("The photo is larger than 5 MB: take a smaller one."), "photo")
    sniffed = sniff(content)
    if sniffed is None or sniffed[0] not in IMAGE_TYPES:
        raise refuse(_("The file is not a JPEG or PNG photo."), "photo")
    try:
        with Image.open(io.BytesIO(content)) as image:
            if image.width * image.height > MAX_PHOTO_PIXELS:
                raise refuse(_("The photo has too many pixels: take a smaller one."), "photo")
            image.verify()
    except InspectionError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise refuse(_("The file is not a JPEG or PNG photo."), "photo") from None
    content_type, extension = sniffed
    return CheckedPhoto(
        content=content,
        content_type=content_type,
        extension=extension,
        sha256=hashlib.sha256(content).hexdigest(),
    )


def photo_store(*, visit_id: int, photo: CheckedPhoto) -> str:
    """Write the photo (mode 0600, never overwriting); its path relative to the root."""
    relative = f"inspections/{visit_id}/{uuid.uuid4().hex}.{photo.extension}"
    private_file_write(relative, photo.content)
    return relative


def photo_read(relative: str) -> bytes:
    return private_file_path(relative).read_bytes()
