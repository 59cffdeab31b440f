"""AppTest runs as a long-lived server would.

AppTest starts every run as if the server had just started, and a fresh Streamlit server with a
``pages/`` folder first runs a page in its legacy mode, without ``app.py``: the app's shell then
reruns it through ``app.py`` (ui.source.require_app_shell). That cold start is covered by the
browser tests; here it would run every page twice and lose button clicks in the second run.
"""

from __future__ import annotations

import pytest
from streamlit.runtime import pages_manager
from streamlit.testing.v1 import app_test


class _WarmPagesManager(pages_manager.PagesManager):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # What the first st.navigation call does for the rest of a real server's life.
        pages_manager.PagesManager.uses_pages_directory = False


@pytest.fixture(autouse=True)
def warm_server(monkeypatch):
    monkeypatch.setattr(app_test, "PagesManager", _WarmPagesManager)
