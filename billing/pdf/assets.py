"""Where a document's stylesheet, fonts and images may come from: template folders, nothing else.

A business's override folder is searched before the defaults, file by file, so an override may
replace style.css alone and keep the shipped fonts. Every other URL is refused: a rendered
document never reads the network or a file outside those folders, whatever a template says.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse


class AssetRefused(ValueError):
    """A template asked for a URL outside the template folders."""


class TemplateAssets(URLFetcher):
    """WeasyPrint URL fetcher over an ordered list of template folders (first wins)."""

    def __init__(self, folders: Sequence[Path]) -> None:
        super().__init__(allowed_protocols={"file", "data"})
        self.folders = tuple(folder.resolve() for folder in folders)

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        found = self.locate(url)
        content_type = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            found.as_uri(), found.read_bytes(), headers={"Content-Type": content_type}
        )

    def locate(self, url: str) -> Path:
        """The file a template URL names, looked up in every folder by its relative path."""
        parts = urlsplit(url)
        if parts.scheme != "file":
            raise AssetRefused(f"only template files and data: URLs are allowed, not {url}")
        relative = self._relative(Path(url2pathname(parts.path)).resolve())
        for folder in self.folders:
            candidate = (folder / relative).resolve()
            if candidate.is_relative_to(folder) and candidate.is_file():
                return candidate
        raise AssetRefused(f"no template folder has {relative}")

    def _relative(self, path: Path) -> Path:
        for folder in self.folders:
            if path.is_relative_to(folder):
                return path.relative_to(folder)
        raise AssetRefused(f"{path} is outside the template folders")
