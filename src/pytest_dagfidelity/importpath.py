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
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ImportPath:
    plugins_folder: Path | None = None
    roots: tuple[Path, ...] = ()

    @classmethod
    def build(cls, base: Path, plugins_folder: str | None, roots: Iterable[str]) -> ImportPath:
        """Paths relative to ``base`` (pytest's rootdir, or the CLI's working directory)."""
        plugins = (base / plugins_folder).absolute() if plugins_folder else None
        return cls(plugins, tuple((base / r).absolute() for r in roots))

    def for_folder(self, dag_folder: Path) -> list[str]:
        """``sys.path`` entries for files of ``dag_folder``, in Airflow's order."""
        entries = [dag_folder, *([self.plugins_folder] if self.plugins_folder else []), *self.roots]
        seen: list[str] = []
        for entry in entries:
            text = str(entry)
            if text not in seen and entry.is_dir():
                seen.append(text)
        return seen


def dag_folder_of(path: Path, folders: Sequence[Path]) -> Path:
    """The configured DAG folder holding ``path`` (the innermost), else the file's own folder."""
    holding = [f for f in folders if f == path.parent or f in path.parents]
    return max(holding, key=lambda f: len(f.parts)) if holding else path.parent


def file_name(path: Path, project_root: Path, dag_folder: Path) -> str:
    """The name dag.json and goldens record: relative to the project root, else (a DAG
    folder outside it) the DAG folder's name and the path below it. Never absolute."""
    full = os.path.abspath(path)
    root = os.path.join(os.path.abspath(project_root), "")  # with its trailing separator
    if full.startswith(root) and len(full) > len(root):  # the usual case, without pathlib's cost
        return full[len(root) :].replace(os.sep, "/")
    path = Path(full)
    try:
        return path.relative_to(Path(os.path.abspath(project_root))).as_posix()
    except ValueError:
        folder = Path(os.path.abspath(dag_folder))
        try:
            return (Path(folder.name) / path.relative_to(folder)).as_posix()
        except ValueError:
            return path.name
