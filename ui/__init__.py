"""Streamlit and plotly helpers shared by the pages: picture source, viewer, URL state, code view.

Pages import the submodules they need; nothing here runs an algorithm (that is core's job).
"""

# pandas is imported here, before anything draws: plotly and Streamlit look it up in sys.modules
# without importing it, so while one session was still importing it (a page opened by URL on a
# cold server runs before app.py) another session's chart found a half-initialised module. Every
# page and app.py import ui first, and Python makes other sessions wait until this import is done.
import pandas  # noqa: F401
