"""Streamlit and plotly helpers shared by the pages: picture source, viewer, URL state, code view.

Pages import the submodules they need; nothing here runs an algorithm (that is core's job).
"""
