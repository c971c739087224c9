"""Byte-level helpers for counting and splitting words in C.

The loaded-language matcher and the text checks find words by turning a text's UTF-8 into a
"shape" with ``bytes.translate`` and ``bytes.replace``, several times faster than a regular
expression and a Python loop over its matches. These are the steps both use.
"""

from __future__ import annotations

ASCII_BYTES = bytes(range(128))
NON_SPACES_AS_A = bytes(ord(" ") if byte == ord(" ") else ord("a") for byte in range(256))
"""A ``bytes.translate`` table: every byte but a space becomes "a"."""


def non_ascii_characters(encoded: bytes) -> str:
    """Return the non-ASCII characters of a text from its UTF-8, in order.

    In UTF-8 every byte of a non-ASCII character is >= 0x80 and every ASCII character is one byte
    < 0x80, so dropping the ASCII bytes leaves whole characters. Unpaired surrogates, encoded with
    ``surrogatepass``, come back as they were.
    """
    return encoded.translate(None, ASCII_BYTES).decode("utf-8", "surrogatepass")


def without_unjoined_apostrophes(shape: bytes) -> bytes:
    """Return a word shape with every apostrophe that does not join two word characters a space.

    In a shape, spaces stand between words: once pairs of apostrophes are gone, those next to a
    space go. (Apostrophes at either end of the shape are left to the caller.)
    """
    return shape.replace(b"''", b"  ").replace(b" '", b"  ").replace(b"' ", b"  ")
