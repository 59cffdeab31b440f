"""Image Lab: the entry point. Declares the pages, draws the shared picture sidebar, runs a page."""

import os
import time

import streamlit as st

from ui.source import picture_sidebar
from ui.topics import TOPICS

_started = time.perf_counter()
st.set_page_config(page_title="Image Lab", page_icon=":material/science:", layout="wide")

home = st.Page("pages/home.py", title="Home", icon=":material/home:", default=True)
topic_pages = [st.Page(topic.path, title=topic.title, icon=topic.icon) for topic in TOPICS]
page = st.navigation({"Image Lab": [home], "Topics": topic_pages})
picture_sidebar()
page.run()

if os.environ.get("IMAGELAB_TIMING_LOG"):
    # Read by the browser benchmark to split slider latency into server and browser time.
    with open(os.environ["IMAGELAB_TIMING_LOG"], "a") as log:
        log.write(f"{page.url_path or 'home'} {(time.perf_counter() - _started) * 1000:.1f}\n")
