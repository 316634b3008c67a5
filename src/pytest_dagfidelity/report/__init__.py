"""Reports of a run: one model (``model.py``) and a renderer per format (HTML, SARIF, markdown)."""

# Where GitHub Actions takes a job's markdown summary. Here, not in markdown.py, so that the
# plugin can ask whether to write one without importing the report model (and upgrade.py).
SUMMARY_ENV = "GITHUB_STEP_SUMMARY"
