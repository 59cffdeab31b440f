"""Image Lab's algorithms: pure functions on numpy arrays.

Nothing here imports streamlit or plotly, and TensorFlow is imported only inside
``core.autoencoder``'s functions, so any module can be used from a script or a test.
"""
