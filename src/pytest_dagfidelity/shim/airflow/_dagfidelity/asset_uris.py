"""Airflow's sanitising of an asset's (dataset's) URI and name, as each version does it.

The steps are Airflow's ``_sanitize_uri``: lower-case scheme, no trailing slashes (an
empty path becomes ``/``), sorted query, no fragment, user info dropped, ``x-`` schemes
left alone, ``airflow`` reserved. Where versions differ (a user name without a password;
non-ASCII URIs and names; reserved names), the behaviour is read off the samples the probe
ran through real Airflow (``asset_uri`` in the version table). A scheme an installed provider
normalises is passed through its handler, read from the provider's source and run alone where it
is self-contained; any other is refused.
"""

from __future__ import annotations

import urllib.parse
from typing import Any

from . import errors, runtime


def _rules() -> dict[str, Any]:
    return runtime.TARGET.facts.get("asset_uri") or {}


def _rejects(kind: str, sample: str) -> bool:
    return "$error" in _rules().get(kind, {}).get(sample, {})


def sanitize_uri(value: Any, label: str) -> str:
    uri = str(value)
    if not value and _rejects("uris", ""):  # "" and None alike (os.getenv of an unset variable)
        raise ValueError(f"{label} URI cannot be empty")
    if uri.isspace() and _rejects("uris", " "):
        raise ValueError(f"{label} URI cannot be just whitespace")
    if not uri.isascii() and _rejects("uris", "s3://bücket/k"):
        raise ValueError(f"{label} URI must only consist of ASCII characters")
    parsed = urllib.parse.urlsplit(uri)
    if not parsed.scheme and not parsed.netloc:  # does not look like a URI
        return uri
    scheme = parsed.scheme.lower()
    if not scheme or scheme.startswith("x-"):
        return uri
    if scheme == "airflow":
        raise ValueError(f"{label} scheme 'airflow' is reserved")
    _, has_user, host = parsed.netloc.rpartition("@")
    drops_any_user = _rules().get("uris", {}).get("s3://user@b/k", {}).get("uri") == "s3://b/k"
    netloc = host if has_user and (drops_any_user or parsed.password) else parsed.netloc
    query = urllib.parse.urlencode(sorted(urllib.parse.parse_qsl(parsed.query))) if parsed.query else ""
    parsed = parsed._replace(
        scheme=scheme, netloc=netloc, path=parsed.path.rstrip("/") or "/", query=query, fragment=""
    )
    if scheme != "file":
        parsed = _provider_normalised(scheme, parsed, uri)
    return urllib.parse.urlunsplit(parsed)


def _provider_normalised(scheme: str, parsed: urllib.parse.SplitResult, uri: str) -> urllib.parse.SplitResult:
    """Apply the handler an installed provider registers for ``scheme``, as the providers manager
    does: 2.x reads ``dataset-uris``, 3.x ``asset-uris``. The handler is read from the provider's
    source and run alone (it checks and rewrites a ``SplitResult``); one that needs more is refused."""
    from .provider_source import providers_visible, pure_function, uri_handler

    if not providers_visible():
        # Nothing installed to read: the schemes the probe saw normalised in a stock install.
        if scheme not in _rules().get("normalizer_schemes", ()):
            return parsed
    else:
        handler_path = uri_handler(scheme, "dataset-uris" if runtime.TARGET.major < 3 else "asset-uris")
        if handler_path is None:  # none registered, or a null handler (Airflow's no-op)
            return parsed
        handler = pure_function(handler_path)
        if handler is not None:
            return _handled(handler, parsed)
    raise errors.unsupported(
        f"the {scheme}:// URI normaliser of an installed provider (an asset URI {uri!r})",
        "use a URI scheme no installed provider normalises, or parse this file with the airflow backend",
    )


def _handled(handler: Any, parsed: urllib.parse.SplitResult) -> urllib.parse.SplitResult:
    if runtime.TARGET.major >= 3:
        return handler(parsed)  # type: ignore[no-any-return]
    # 2.x warns and keeps the URI a handler rejects, unless [core] strict_dataset_uri_validation.
    from .config import conf

    try:
        return handler(parsed)  # type: ignore[no-any-return]
    except ValueError:
        if conf.getboolean("core", "strict_dataset_uri_validation", fallback=False):
            raise
        return parsed


def validate_name(name: str, label: str) -> None:
    if name in _rules().get("names", {}) and _rejects("names", name):  # "self", "context" on 3.x
        raise ValueError(f"{label} name {name!r} is not allowed")
    if not name.strip() and _rejects("names", " "):
        raise ValueError(f"{label} name cannot be empty")
    if not name.isascii() and _rejects("names", "ünïcode"):
        raise ValueError(f"{label} name must only consist of ASCII characters")
