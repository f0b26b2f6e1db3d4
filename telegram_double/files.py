"""Files: the bytes behind file ids, uploads the bot sends, and downloads.

Telegram keeps every file a user or the bot sent behind a ``file_id``; the bot fetches one
with ``getFile`` and then downloads ``/file/bot<token>/<file_path>``. :class:`FileStore` is
that store for the double; :func:`read_uploads` decodes the multipart uploads of a send call.
"""

from __future__ import annotations

import contextlib
import itertools
from dataclasses import dataclass

from telegram.request import RequestData

from telegram_double.errors import ApiError, error_body
from telegram_double.records import UploadedFile
from telegram_double.wire import JSONDict


@dataclass
class _StoredFile:
    file_id: str
    unique_id: str
    content: bytes
    path: str
    seconds: int | None = None
    """A voice note's length: Telegram keeps it with the file, so a re-send has it too."""


class FileStore:
    """Every file the double knows, by ``file_id``; one counter numbers them all."""

    def __init__(self) -> None:
        self._files: dict[str, _StoredFile] = {}
        self._counter = itertools.count(1)

    def register(
        self, file_id: str, content: bytes, *, path: str | None = None, seconds: int | None = None
    ) -> JSONDict:
        """Store bytes behind ``file_id``; returns the Bot API file fields for a message."""
        number = next(self._counter)
        where = path or f"files/file_{number}"
        stored = _StoredFile(file_id, f"U{number:06d}", content, where, seconds)
        self._files[file_id] = stored
        return {"file_id": file_id, "file_unique_id": stored.unique_id, "file_size": len(content)}

    def content(self, file_id: str) -> bytes | None:
        """The bytes stored behind ``file_id``, if any."""
        stored = self._files.get(file_id)
        return stored.content if stored else None

    def new_id(self, kind: str) -> str:
        """A fresh, unique file id such as ``voice-00042``."""
        return f"{kind}-{next(self._counter):05d}"

    def for_media(
        self, kind: str, params: JSONDict, files: dict[str, UploadedFile]
    ) -> tuple[JSONDict, UploadedFile | None]:
        """Find the file for a send* call: an upload, a known file_id, or a URL."""
        value = params.get(kind)
        upload = files.get(kind)
        if isinstance(value, str) and value.startswith("attach://"):
            upload = files.get(value.removeprefix("attach://"))
        if upload is not None:
            file_id = f"{kind}-{next(self._counter):05d}-by-bot"
            info = self.register(file_id, upload.content, path=f"{kind}s/{upload.filename}")
            return info, upload
        if not isinstance(value, str) or not value:
            raise ApiError(400, f"Bad Request: there is no {kind} in the request")
        if value in self._files:
            stored = self._files[value]
            known = {"duration": stored.seconds} if stored.seconds is not None else {}
            return {
                "file_id": value,
                "file_unique_id": stored.unique_id,
                "file_size": len(stored.content),
                **known,
            }, None
        if value.startswith(("http://", "https://")):
            file_id = f"{kind}-{next(self._counter):05d}-from-url"
            return self.register(file_id, b"", path=f"{kind}s/{file_id}"), None
        raise ApiError(400, "Bad Request: wrong remote file identifier specified")

    def get_file(self, params: JSONDict) -> JSONDict:
        """The answer to ``getFile``: the Bot API ``File`` with its download path."""
        file_id = str(params.get("file_id", ""))
        stored = self._files.get(file_id)
        if stored is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        return {
            "file_id": file_id,
            "file_unique_id": stored.unique_id,
            "file_size": len(stored.content),
            "file_path": stored.path,
        }

    def download(self, path: str) -> tuple[int, bytes]:
        """The HTTP answer to downloading ``file_path``: the bytes, or 404."""
        for stored in self._files.values():
            if stored.path == path:
                return 200, stored.content
        return error_body(404, "Not Found")


def read_uploads(request_data: RequestData | None) -> dict[str, UploadedFile]:
    """The files PTB attached to a request as multipart/form-data, by field name."""
    if request_data is None or not request_data.contains_files:
        return {}
    uploads: dict[str, UploadedFile] = {}
    for name, (filename, content, mime_type) in request_data.multipart_data.items():
        if isinstance(content, bytes | bytearray):
            data = bytes(content)
        else:
            data = content.read()
            with contextlib.suppress(OSError, ValueError):
                content.seek(0)  # a retry (e.g. by the rate limiter) reads it again
        uploads[name] = UploadedFile(name, filename, data, mime_type)
    return uploads
