"""What ``sys.path`` a DAG file is parsed with, and what dag.json calls the file: the same
on every route (the plugin, ``check``, ``compile``).

Airflow's DAG processor appends to ``sys.path`` the DAG folder, the plugins folder (and
its config folder, which a project does not ship); it never adds the file's own folder.
Projects laid out as Astro's also import from roots such as the project root (for
``include/``): the user names those.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence

from .records import Record

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (docs/performance.md)
if TYPE_CHECKING:
    from pathlib import Path

# Paths are plain strings here: a one-file compile imports this module, and pathlib costs a
# cold start ~3 ms.


class ImportPath(Record):
    """The plugins folder and the roots a user names, absolute (a plain record: see above)."""

    __slots__ = ("plugins_folder", "roots")

    def __init__(self, plugins_folder: str | None = None, roots: tuple[str, ...] = ()) -> None:
        self.plugins_folder: str | None
        self.roots: tuple[str, ...]
        self._set(plugins_folder=plugins_folder, roots=roots)

    @classmethod
    def build(
        cls, base: str | os.PathLike[str], plugins_folder: str | None, roots: Iterable[str]
    ) -> ImportPath:
        """Paths relative to ``base`` (pytest's rootdir, or the CLI's working directory)."""
        plugins = _absolute(base, plugins_folder) if plugins_folder else None
        return cls(plugins, tuple(_absolute(base, r) for r in roots))

    def for_folder(self, dag_folder: str | os.PathLike[str]) -> list[str]:
        """``sys.path`` entries for files of ``dag_folder``, in Airflow's order."""
        entries = [
            os.fspath(dag_folder),
            *([self.plugins_folder] if self.plugins_folder else []),
            *self.roots,
        ]
        seen: list[str] = []
        for entry in entries:
            if entry not in seen and os.path.isdir(entry):
                seen.append(entry)
        return seen


def _absolute(base: str | os.PathLike[str], path: str) -> str:
    """``path`` against ``base``, absolute, as pathlib's ``(base / path).absolute()`` makes it."""
    joined = os.path.join(os.fspath(base), path)
    if not os.path.isabs(joined):
        joined = os.path.join(os.getcwd(), joined)
    return _without_dots(joined)


def _without_dots(path: str) -> str:
    # pathlib drops "." parts and doubled separators but keeps "..": normpath would fold it.
    parts = [p for p in path.split(os.sep) if p not in ("", ".")]
    return os.sep + os.sep.join(parts)


def dag_folder_of(path: Path, folders: Sequence[Path]) -> Path:
    """The configured DAG folder holding ``path`` (the innermost), else the file's own folder."""
    holding = [f for f in folders if f == path.parent or f in path.parents]
    return max(holding, key=lambda f: len(f.parts)) if holding else path.parent


def file_name(
    path: str | os.PathLike[str], project_root: str | os.PathLike[str], dag_folder: str | os.PathLike[str]
) -> str:
    """The name dag.json and goldens record: relative to the project root, else (a DAG
    folder outside it) the DAG folder's name and the path below it. Never absolute."""
    full = os.path.abspath(path)
    root = os.path.join(os.path.abspath(project_root), "")  # with its trailing separator
    if full.startswith(root) and len(full) > len(root):  # the usual case, without pathlib's cost
        return full[len(root) :].replace(os.sep, "/")
    from pathlib import Path

    file = Path(full)
    try:
        return file.relative_to(Path(os.path.abspath(project_root))).as_posix()
    except ValueError:
        folder = Path(os.path.abspath(dag_folder))
        try:
            return (Path(folder.name) / file.relative_to(folder)).as_posix()
        except ValueError:
            return file.name
