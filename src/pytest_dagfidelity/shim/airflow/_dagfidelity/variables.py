"""Variables and connections read while a DAG file is parsed, as Airflow resolves them without
a metadata database: the ``AIRFLOW_VAR_<KEY>`` / ``AIRFLOW_CONN_<ID>`` environment variable,
else the default given, else the error real Airflow raises (measured on 2.11 and 3.3: the
database lookup fails and is skipped, so a key nowhere else is "not found").

Two flavours, by where the version defines the class: ``airflow.models`` (``default_var=``,
``KeyError``) and ``airflow.sdk`` (``default=``, ``AirflowRuntimeError``).
"""

from __future__ import annotations

import json
import os

from . import errors, runtime

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (docs/performance.md)
if TYPE_CHECKING:
    from typing import Any

_NOTSET: Any = object()


class AirflowNotFoundException(errors.AirflowException):
    pass


class AirflowRuntimeError(errors.AirflowException):
    pass


AirflowRuntimeError.__module__ = "airflow.sdk.exceptions"


class _Refusing(type):
    """Class attributes the shim does not model (``Variable.set``, ``Connection.get_hook``...) write
    to, or read from, a database: refused, never pretended."""

    def __getattr__(cls, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        raise errors.unsupported(
            f"{cls.__module__}.{cls.__qualname__}.{name} (read while the DAG file is parsed)",
            f"only use {cls.__qualname__}.{name} inside task bodies, or parse this file with the "
            "airflow backend (LEOFLOW_PARSER_BACKEND=airflow)",
        )


def _from_env(prefix: str, key: str) -> str | None:
    return os.environ.get(f"{prefix}{key.upper()}")


def _variable(key: str, default: Any, deserialize_json: bool, missing: BaseException) -> Any:
    value = _from_env("AIRFLOW_VAR_", key)
    if value is None:
        if default is _NOTSET:
            raise missing
        return default
    return json.loads(value) if deserialize_json else value


class Variable(metaclass=_Refusing):
    """``airflow.models.Variable``."""

    def __init__(self, key: str | None = None, val: Any = None, description: str | None = None) -> None:
        self.key, self.val, self.description = key, val, description

    @classmethod
    def get(cls, key: str, default_var: Any = _NOTSET, deserialize_json: bool = False, **_team: Any) -> Any:
        stop = "." if runtime.TARGET.major >= 3 else ""
        return _variable(key, default_var, deserialize_json, KeyError(f"Variable {key} does not exist{stop}"))


class SdkVariable(metaclass=_Refusing):
    """``airflow.sdk.Variable``."""

    def __init__(self, key: str, value: Any = None, description: str | None = None) -> None:
        self.key, self.value, self.description = key, value, description

    @classmethod
    def get(cls, key: str, default: Any = _NOTSET, deserialize_json: bool = False) -> Any:
        message = f"VARIABLE_NOT_FOUND: {{'message': 'Variable {key} not found'}}"
        return _variable(key, default, deserialize_json, AirflowRuntimeError(message))


class Connection(metaclass=_Refusing):
    """``airflow.models.Connection`` / ``airflow.sdk.Connection``: built in the file, or read from
    the environment by ``get_connection_from_secrets`` / ``get``."""

    def __init__(
        self,
        conn_id: str | None = None,
        conn_type: str | None = None,
        description: str | None = None,
        host: str | None = None,
        login: str | None = None,
        password: str | None = None,
        schema: str | None = None,
        port: int | None = None,
        extra: str | dict[str, Any] | None = None,
        uri: str | None = None,
    ) -> None:
        self.conn_id, self.conn_type, self.description = conn_id, conn_type, description
        self.host, self.login, self.password, self.schema, self.port = host, login, password, schema, port
        self.extra = json.dumps(extra) if isinstance(extra, dict) else extra
        if uri is not None:
            self._parse_uri(uri)

    def _parse_uri(self, uri: str) -> None:
        from urllib.parse import parse_qsl, unquote, urlsplit  # here: it costs every start ~3 ms

        parts = urlsplit(uri)
        self.conn_type = parts.scheme.replace("-", "_")
        self.host = unquote(parts.hostname) if parts.hostname else None
        self.schema = unquote(parts.path[1:]) if parts.path else None
        self.login = unquote(parts.username) if parts.username else None
        self.password = unquote(parts.password) if parts.password else None
        self.port = parts.port
        if parts.query:
            self.extra = json.dumps(dict(parse_qsl(parts.query, keep_blank_values=True)))

    @property
    def extra_dejson(self) -> dict[str, Any]:
        return json.loads(self.extra) if self.extra else {}

    @classmethod
    def _lookup(cls, conn_id: str) -> Connection:
        value = _from_env("AIRFLOW_CONN_", conn_id)
        if value is None:
            raise AirflowNotFoundException(f"The conn_id `{conn_id}` isn't defined")
        if value.lstrip().startswith("{"):
            fields = json.loads(value)
            return cls(conn_id=conn_id, **fields)
        return cls(conn_id=conn_id, uri=value)

    @classmethod
    def get_connection_from_secrets(cls, conn_id: str) -> Connection:
        return cls._lookup(conn_id)

    @classmethod
    def get(cls, conn_id: str) -> Connection:
        return cls._lookup(conn_id)


class BaseHook(metaclass=_Refusing):
    """``BaseHook``: a DAG file may subclass it, and read a connection while it is parsed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    @classmethod
    def get_connection(cls, conn_id: str) -> Connection:
        return Connection._lookup(conn_id)
