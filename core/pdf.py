"""PDF documents (certificates) from templates, with WeasyPrint, fetching nothing outside.

The only resources a document may load are the self-hosted Noto Sans Arabic fonts and `data:`
URIs (QR codes). Any other URL in a template or in printed data (a name containing
`<img src=http://...>` is escaped anyway) is refused, so rendering never reaches the network or
the file system beyond the fonts (RELIABILITY IV-5).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher

FONT_DIR = Path(settings.BASE_DIR) / "static" / "vendor" / "noto-sans-arabic-5.3.0"


class RefusedResourceError(ValueError):
    """A document asked for a resource outside the allowed fonts and data URIs."""


class FontsOnlyFetcher(URLFetcher):
    """Fetches `data:` URIs and files under the vendored font folder; refuses everything else."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols={"data", "file"}, allow_redirects=False)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> Any:
        parsed = urlparse(url)
        if parsed.scheme == "file":
            path = Path(unquote(parsed.path)).resolve()
            if not path.is_relative_to(FONT_DIR.resolve()):
                self.refused.append(url)
                raise RefusedResourceError(url)
        elif parsed.scheme != "data":
            self.refused.append(url)
            raise RefusedResourceError(url)
        return super().fetch(url, headers)


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """Render a template to PDF bytes. Fonts resolve against the vendored font folder."""
    html = render_to_string(template_name, context)
    document = HTML(string=html, base_url=FONT_DIR.as_uri() + "/", url_fetcher=FontsOnlyFetcher())
    return document.write_pdf()
