"""``airflow.configuration.conf`` (and 3.2+'s ``airflow.sdk.conf``) as a DAG file reads it at parse time.

Airflow looks an option up in this order: the ``AIRFLOW__{SECTION}__{KEY}`` environment
variable, the ``airflow.cfg`` in ``AIRFLOW_HOME``, then its defaults; a deprecated name is
read as its current one (the renames are measured too). The defaults are
measured per version (``config`` / ``sdk_config`` in the version table, with the home folder
written as ``{AIRFLOW_HOME}``); the shim reads the other two as Airflow does.
"""

from __future__ import annotations

import os

from . import errors, runtime

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (docs/performance.md)
if TYPE_CHECKING:
    import configparser
    from typing import Any

_NO_FALLBACK = object()
_TRUE = ("t", "true", "1")
_FALSE = ("f", "false", "0")


class AirflowConfigException(errors.AirflowException):
    pass


def _home() -> str:
    # Airflow's own default when AIRFLOW_HOME is unset.
    return os.path.expanduser(os.environ.get("AIRFLOW_HOME") or "~/airflow")


class ConfigParser:
    """The read side of Airflow's config parser: ``get`` and its typed variants."""

    def __init__(self, table_key: str) -> None:
        self._table_key = table_key
        self._file: configparser.RawConfigParser | None = None
        self._generated: dict[tuple[str, str], str] = {}

    def _defaults(self) -> dict[str, dict[str, Any]]:
        return runtime.TARGET.facts.get(self._table_key) or {}  # type: ignore[no-any-return]

    def _config_file(self) -> configparser.RawConfigParser:
        if self._file is None:
            import configparser  # only a file that reads the configuration pays for it

            self._file = configparser.RawConfigParser(interpolation=None)
            path = os.environ.get("AIRFLOW_CONFIG") or os.path.join(_home(), "airflow.cfg")
            if os.path.isfile(path):
                self._file.read(path, encoding="utf-8")
        return self._file

    def _current_name(self, section: str, key: str) -> tuple[str, str, tuple[str, str] | None]:
        """The option Airflow reads for ``section``/``key``, and the deprecated name asked for."""
        renames = runtime.TARGET.facts.get(self._table_key + "_renames") or {}
        for old_section, old_key, new_section, new_key in renames.get("options", ()):
            if (section, key) == (old_section, old_key):
                return new_section, new_key, (section, key)
        new_section = renames.get("sections", {}).get(section)
        if new_section:
            return new_section, key, (section, key)
        return section, key, None

    def _lookup(self, section: str, key: str) -> str | None:
        section, key, deprecated = self._current_name(section.lower(), key.lower())
        names = [(section, key), *([deprecated] if deprecated else [])]
        for name in names:  # the environment, the current name first
            variable = f"AIRFLOW__{name[0].upper().replace('.', '_')}__{name[1].upper()}"
            if variable in os.environ:
                return os.environ[variable]
            for suffix in ("_CMD", "_SECRET"):
                if variable + suffix in os.environ:
                    # Airflow runs the command or asks the secrets backend (for sensitive options).
                    raise errors.unsupported(
                        f"{variable}{suffix} (read by conf.get while the DAG file is parsed)",
                        f"set {variable} itself, or parse this file with the airflow backend",
                    )
        parsed = self._config_file()
        for name in names:  # then airflow.cfg
            if parsed.has_option(*name):
                return parsed.get(*name).replace("%%", "%")
        value = self._defaults().get(section, {}).get(key)
        if isinstance(value, dict) and value.get("$generated"):
            # Airflow writes a random secret into the config file it creates on first start.
            import secrets

            return self._generated.setdefault((section, key), secrets.token_urlsafe(16))
        if isinstance(value, str):
            return value.replace("{AIRFLOW_HOME}", _home())
        return None

    def get(self, section: str, key: str, fallback: Any = _NO_FALLBACK, **kwargs: Any) -> Any:
        value = self._lookup(section, key)
        if value is not None:
            return value
        if fallback is not _NO_FALLBACK:
            return fallback
        raise AirflowConfigException(f"section/key [{section}/{key}] not found in config")

    def getboolean(self, section: str, key: str, **kwargs: Any) -> Any:
        value = self.get(section, key, **kwargs)
        if not isinstance(value, str):
            return value  # a fallback, returned as given
        text = value.lower().strip()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise AirflowConfigException(
            f'Failed to convert value to bool. Please check "{key}" key in "{section}" section. '
            f'Current value: "{value}".'
        )

    def getint(self, section: str, key: str, **kwargs: Any) -> Any:
        return self._convert(int, "int", section, key, **kwargs)

    def getfloat(self, section: str, key: str, **kwargs: Any) -> Any:
        return self._convert(float, "float", section, key, **kwargs)

    def _convert(self, kind: Any, name: str, section: str, key: str, **kwargs: Any) -> Any:
        value = self.get(section, key, **kwargs)
        if not isinstance(value, str):
            return value
        try:
            return kind(value)
        except ValueError:
            raise AirflowConfigException(
                f'Failed to convert value to {name}. Please check "{key}" key in "{section}" section. '
                f'Current value: "{value}".'
            ) from None

    def getlist(self, section: str, key: str, delimiter: str = ",", **kwargs: Any) -> Any:
        value = self.get(section, key, **kwargs)
        if not isinstance(value, str):
            return value
        return [item.strip() for item in value.split(delimiter)]

    def has_option(self, section: str, option: str, **kwargs: Any) -> bool:
        return self._lookup(section, option) is not None

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        raise errors.unsupported(
            f"conf.{name} (called while the DAG file is parsed)",
            "read options with conf.get / getboolean / getint / getfloat / getlist, or parse this file "
            "with the airflow backend (LEOFLOW_PARSER_BACKEND=airflow)",
        )

    def has_section(self, section: str) -> bool:
        return section.lower() in self._defaults() or self._config_file().has_section(section.lower())


conf = ConfigParser("config")
sdk_conf = ConfigParser("sdk_config")


def airflow_home() -> str:
    """``airflow.configuration.AIRFLOW_HOME``: ``$AIRFLOW_HOME`` (variables expanded), else ``~/airflow``."""
    return os.path.expanduser(os.path.expandvars(os.environ.get("AIRFLOW_HOME", "~/airflow")))


# Module constants of airflow.configuration that Airflow computes from the environment at import.
COMPUTED = {"AIRFLOW_HOME": airflow_home}
