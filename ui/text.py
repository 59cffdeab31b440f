"""Showing text that came from a user (file names, typed values) without it being interpreted."""

from __future__ import annotations

import re

# Every character Streamlit's Markdown (and its LaTeX and HTML handling) gives a meaning to.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:&])")


def escape_markdown(text: str, max_length: int = 80) -> str:
    """Make ``text`` render literally inside any Streamlit Markdown (no links, no HTML, no maths)."""
    text = str(text).replace("\n", " ").replace("\r", " ")
    if len(text) > max_length:
        text = text[: max_length - 1] + "…"
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)
