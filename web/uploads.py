"""Photos and voice notes from a browser, checked before they are kept.

A photo is opened with Pillow and saved again as a JPEG: this proves it is an
image, and drops its metadata (a phone's photo can hold the GPS position of the
child's home). A voice note must be one of the containers browsers record in or
phones save (WebM, Ogg, MP4/M4A, MP3, WAV); it is kept as sent.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from bot.consultation.file_limits import MAX_BYTES

LONGEST_SIDE = 2560
Image.MAX_IMAGE_PIXELS = 40_000_000  # a decompression bomb is refused, not decoded


@dataclass(frozen=True)
class Upload:
    content: bytes
    media_type: str


def photo(data: bytes) -> Upload | None:
    """The photo as a clean JPEG, or None if it is not a photo we can read."""
    if not data or len(data) > MAX_BYTES["photo"]:
        return None
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            image = ImageOps.exif_transpose(image)  # keep it the right way up
            image = image.convert("RGB")
            image.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
            out = io.BytesIO()
            image.save(out, "JPEG", quality=85)  # no EXIF: written without it
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None
    return Upload(out.getvalue(), "image/jpeg")


def voice(data: bytes) -> Upload | None:
    """The recording, if it is one (by its first bytes, never by its name)."""
    if not data or len(data) > MAX_BYTES["voice"]:
        return None
    head = data[:16]
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        media_type = "audio/webm"
    elif head.startswith(b"OggS"):
        media_type = "audio/ogg"
    elif head[4:8] == b"ftyp":
        media_type = "audio/mp4"
    elif head.startswith(b"ID3") or head[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"):
        media_type = "audio/mpeg"
    elif head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        media_type = "audio/wav"
    else:
        return None
    return Upload(data, media_type)
