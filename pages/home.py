"""Home: what Image Lab is, and one card per topic so a first-time visitor knows where to click."""

import numpy as np
import streamlit as st

from ui.source import require_app_shell
from ui.topics import TOPICS

require_app_shell()


@st.cache_data(show_spinner=False)
def thumbnail(path: str) -> np.ndarray:
    return next(topic for topic in TOPICS if topic.path == path).thumbnail()


st.title("Image Lab")
st.markdown(
    "Explore the classic techniques of image processing on your own pictures. Every technique "
    "here is written from scratch, checked against the library that does the same job "
    "(OpenCV, SciPy, scikit-image), and shown beside its input with its parameters on sliders. "
    "Pick a picture in the sidebar — a sample, your own upload or the camera — then a topic."
)

columns = st.columns(3)
for index, topic in enumerate(TOPICS):
    with columns[index % 3].container(border=True):
        st.image(thumbnail(topic.path), width="stretch")
        st.page_link(topic.path, label=f"**{topic.title}**", icon=topic.icon)
        st.caption(topic.summary)
