"""Fast unit tests: no embedding model, no Chroma, no Streamlit."""
