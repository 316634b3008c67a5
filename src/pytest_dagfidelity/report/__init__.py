"""Reports of a run: one model (``model.py``) and a renderer per format (HTML, SARIF, markdown)."""
