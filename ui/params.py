"""A page's parameters mirrored in the URL, so a shared link reproduces exactly what was seen.

A page declares its parameters once (``Param`` per widget key), calls :func:`init` before drawing
its widgets (which then take only ``key=``) and :func:`publish` after. Values from the URL are
validated like any user input: a wrong type or out-of-range value falls back or is clamped, never
raises. Only values that differ from the default are written, to keep links short.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

import streamlit as st


@dataclass(frozen=True)
class Param:
    """One widget's value: its default and what the URL may set it to."""

    default: Any
    min: float | None = None
    max: float | None = None
    options: Sequence[Any] | None = None

    def parse(self, text: str) -> Any:
        """The value a URL string stands for, or the default if it is not a valid one."""
        try:
            return self._parse(text)
        except (TypeError, ValueError, OverflowError):
            return self.default

    def _parse(self, text: str) -> Any:
        default = self.default
        if self.options is not None:
            matches = [option for option in self.options if str(option) == text]
            return matches[0] if matches else default
        if isinstance(default, bool):
            return {"true": True, "false": False, "1": True, "0": False}.get(text.lower(), default)
        if isinstance(default, tuple):
            parts = text.split(",")
            if len(parts) != len(default):
                return default
            values = tuple(self._clamp(type(d)(float(p))) for d, p in zip(default, parts))
            return tuple(sorted(values))
        if isinstance(default, int):
            return self._clamp(int(float(text)))
        if isinstance(default, float):
            value = float(text)
            if value != value:  # NaN
                return default
            return self._clamp(value)
        return text[:200]

    def _clamp(self, value):
        if self.min is not None:
            value = max(value, type(value)(self.min))
        if self.max is not None:
            value = min(value, type(value)(self.max))
        return value

    def accepts(self, value: Any) -> bool:
        """Whether ``value`` could be this widget's value (one left by another page under the
        same key, or an unselected segmented control's None, may not)."""
        if self.options is not None:
            return value in self.options
        default = self.default
        if isinstance(default, bool):
            return isinstance(value, bool)
        if isinstance(default, tuple):
            return isinstance(value, (tuple, list)) and len(value) == len(default)
        if isinstance(default, (int, float)):
            return isinstance(value, (int, float)) and not isinstance(value, bool)
        return default is None or isinstance(value, type(default))

    def format(self, value: Any) -> str:
        if isinstance(value, tuple):
            return ",".join(_format_number(v) for v in value)
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, float):
            return _format_number(value)
        return str(value)


def _format_number(value) -> str:
    return f"{value:.6g}" if isinstance(value, float) else str(value)


_KEPT = "_kept_params"  # per page: values of widgets not on screen, restored on return
_SEEN = "_drawn_params"  # per page: keys that have been drawn as widgets in this session


def _page_store(name: str, empty):
    """This page's own part of a session-wide store: pages reuse keys such as "section"."""
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    context = get_script_run_ctx()
    page = context.page_script_hash if context is not None else ""
    return st.session_state.setdefault(name, {}).setdefault(page, empty)


def init(spec: dict[str, Param]) -> None:
    """Give every widget key its starting value: the live widget's, else the one it had when the
    user last left this page, else the URL's, else the default. A value left by another page
    under the same key is replaced if it does not fit this page's widget."""
    kept = _page_store(_KEPT, {})
    for key, param in spec.items():
        if key in st.session_state:
            if param.accepts(st.session_state[key]):
                continue
            del st.session_state[key]
        raw = st.query_params.get(key)
        if raw is not None:
            st.session_state[key] = param.parse(raw)
        elif key in kept and param.accepts(kept[key]):
            st.session_state[key] = kept[key]
        else:
            st.session_state[key] = param.default


def _keys_drawn_this_run() -> set[str] | None:
    """Keys of the widgets drawn so far in this run (None outside a Streamlit run)."""
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    context = get_script_run_ctx()
    if context is None:
        return None
    return set(context.shared.widget_user_keys_this_run.snapshot())


def publish(spec: dict[str, Param]) -> None:
    """Remember every value and write it to the URL (defaults are left out of the link).

    A widget that was drawn before but not in this run (another section of the page) is also
    dropped from the session: otherwise its old value would outlive it, and when it is drawn and
    hidden again Streamlit would bring that stale value back, losing the user's setting. Its
    remembered value restores it when :func:`init` runs next. Values no widget ever showed (set
    from the URL, or kept by a page's own callbacks) are left alone.
    """
    kept = _page_store(_KEPT, {})
    seen = _page_store(_SEEN, set())
    drawn = _keys_drawn_this_run()
    for key, param in spec.items():
        hidden_widget = drawn is not None and key not in drawn and key in seen
        if hidden_widget:
            st.session_state.pop(key, None)
            value = kept.get(key, param.default)
        else:
            value = st.session_state.get(key, kept.get(key, param.default))
            kept[key] = value
            if drawn is not None and key in drawn:
                seen.add(key)
        text = None if value == param.default else param.format(value)
        if text is None:
            if key in st.query_params:
                del st.query_params[key]
        elif st.query_params.get(key) != text:
            st.query_params[key] = text
