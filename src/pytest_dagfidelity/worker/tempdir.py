"""The temporary folder ``tempfile`` would choose, and folders made in it, without importing
``tempfile``: with ``shutil``, ``random``, ``bz2`` and ``lzma`` it costs a one-file compile
~2.5 ms, and most DAG files never use it.

A DAG file that does import it must still get what ``tempfile.gettempdir()`` would have said
before the sandbox: its first call writes a probe file, which the sandboxed parse may not
(``guard.install``). ``preset`` has the module start with that folder when it is imported.
``tests/test_tempdir.py`` holds ``default_tempdir`` to ``tempfile``'s own choice.
"""

from __future__ import annotations

import functools
import os
import sys

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (docs/performance.md)
if TYPE_CHECKING:
    from collections.abc import Sequence
    from importlib.machinery import ModuleSpec
    from types import ModuleType

# tempfile's probe: a file created exclusively, never through a symlink (_bin_openflags).
_PROBE_FLAGS = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
_TRIES = 100  # tempfile.TMP_MAX


def _candidates() -> list[str]:
    """``tempfile._candidate_tempdir_list`` (POSIX and Windows)."""
    found = [d for d in (os.getenv(name) for name in ("TMPDIR", "TEMP", "TMP")) if d]
    if os.name == "nt":
        found += [os.path.expanduser(r"~\AppData\Local\Temp"), os.path.expandvars(r"%SYSTEMROOT%\Temp")]
        found += [r"c:\temp", r"c:\tmp", r"\temp", r"\tmp"]
    else:
        found += ["/tmp", "/var/tmp", "/usr/tmp"]
    try:
        found.append(os.getcwd())
    except (AttributeError, OSError):
        found.append(os.curdir)
    return found


def _name() -> str:
    return "dagfidelity-" + os.urandom(6).hex()


def default_tempdir() -> str:
    """``tempfile.gettempdir()``'s first answer in this process: the first candidate folder a
    file can be created in (``tempfile._get_default_tempdir``)."""
    candidates = _candidates()
    for folder in candidates:
        if folder != os.curdir:
            folder = os.path.abspath(folder)
        for _ in range(_TRIES):
            path = os.path.join(folder, _name())
            try:
                fd = os.open(path, _PROBE_FLAGS, 0o600)
                try:
                    try:
                        os.write(fd, b"blat")
                    finally:
                        os.close(fd)
                finally:
                    os.unlink(path)
                return folder
            except FileExistsError:
                pass
            except PermissionError:
                if os.name == "nt" and os.path.isdir(folder) and os.access(folder, os.W_OK):
                    continue
                break
            except OSError:
                break
    raise FileNotFoundError(2, f"No usable temporary directory found in {candidates}")


def make_folder(prefix: str) -> str:
    """A new folder of this user's alone in the temporary folder (``tempfile.mkdtemp``)."""
    parent = gettempdir()
    for _ in range(_TRIES):
        path = os.path.join(parent, prefix + os.urandom(6).hex())
        try:
            os.mkdir(path, 0o700)
        except FileExistsError:
            continue
        return os.path.abspath(path)
    raise FileExistsError(17, f"No usable temporary folder name found in {parent}")


@functools.cache
def _default() -> str:
    """``default_tempdir``, once per process, as ``tempfile`` settles it once."""
    return default_tempdir()


def gettempdir() -> str:
    """``tempfile.gettempdir()``, importing ``tempfile`` only where something did already."""
    module = sys.modules.get("tempfile")
    return module.gettempdir() if module is not None else _default()


class _Preset:
    """On ``sys.meta_path``: finds nothing itself; the first import of ``tempfile`` starts with
    ``tempdir`` set, as a ``gettempdir()`` call before it would have left it."""

    def __init__(self, tempdir: str) -> None:
        self.tempdir = tempdir

    def find_spec(
        self, name: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if name != "tempfile":
            return None
        import importlib.machinery

        sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, _Preset)]  # once
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is not None and spec.loader is not None:
            spec.loader = _Presetting(spec.loader, self.tempdir)  # type: ignore[assignment]
        return spec


class _Presetting:
    """The module's own loader, which then sets ``tempdir`` where the module left it unset."""

    def __init__(self, loader: object, tempdir: str) -> None:
        self._loader = loader
        self._tempdir = tempdir

    def __getattr__(self, name: str) -> object:
        return getattr(self._loader, name)

    def create_module(self, spec: object) -> object:
        return self._loader.create_module(spec)  # type: ignore[attr-defined]

    def exec_module(self, module: object) -> None:
        self._loader.exec_module(module)  # type: ignore[attr-defined]
        if getattr(module, "tempdir", None) is None:
            module.tempdir = self._tempdir  # type: ignore[attr-defined]


def preset() -> None:
    """Settle the temporary folder now, before any DAG file runs: ``tempfile``'s own answer where
    it is imported, else the same answer, given to it when a file imports it."""
    module = sys.modules.get("tempfile")
    if module is not None:
        module.gettempdir()
    elif not any(isinstance(f, _Preset) for f in sys.meta_path):
        sys.meta_path.insert(0, _Preset(_default()))
