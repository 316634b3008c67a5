"""The harness's own errors (the shim's live in ``shim/airflow/_dagfidelity/errors.py``)."""

from __future__ import annotations


class DagFidelityError(Exception):
    """Base of every error the harness raises about its own use."""


class UsageError(DagFidelityError):
    """A setting or argument is wrong; the message names the valid values."""


class BackendUnavailable(DagFidelityError):
    """A backend cannot start, e.g. no Airflow is installed where it was asked for."""
