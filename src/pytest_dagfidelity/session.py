"""Run state of ``pytest --dag-fidelity``: backends, cached results, goldens, counts."""

from __future__ import annotations

import os
import shlex
import sys
import threading
from collections import Counter
from collections.abc import Callable, Generator
from pathlib import Path
from typing import Any

import pytest

from . import yaml_dags
from .backends import Backend, BackendOptions, Registry, Result, other_hash_seed
from .backends.registry import REFERENCE
from .collection_cache import (
    SHARED_CHUNK,
    CollectionCache,
    Listing,
    Slot,
    Stale,
    Unconfirmed,
    cacheable,
    file_digest,
    stale,
)
from .compile_queue import CompileQueues
from .declarations import FileDeclarations
from .discovery import Skipped, dag_files, might_contain_dag, unreadable
from .exceptions import DagFidelityError
from .golden import GoldenError, GoldenStore
from .importpath import dag_folder_of, file_name
from .records import UNVALIDATED_NOTE
from .settings import SHARED, Settings
from .target import live_airflow, target_version
from .verdict import GoldenState, Side, Verdict

GOLDEN_OUTCOMES = ("created", "updated", "unchanged", "not recorded")
SERVERS_KEY = "dagfidelity_servers"  # in xdist's workerinput: backend name -> socket path
COLLECTED_KEY = "dagfidelity_collected"  # in xdist's workeroutput: [parsed alone, shared, from the cache]
AGAIN = "airflow again"  # real Airflow's second worker (another hash seed), for nondeterminism


class FidelitySession:
    def __init__(self, settings: Settings, config: pytest.Config) -> None:
        self.settings = settings
        self.config = config
        self.store = GoldenStore(settings.golden_dir)
        self.airflow_python = live_airflow(settings)
        if settings.update and self.airflow_python is None:
            raise pytest.UsageError(
                "--dag-fidelity-update regenerates goldens from real Airflow only, and none is reachable: "
                "install apache-airflow in this environment or pass --dag-fidelity-airflow-python PATH"
            )
        if Registry.needs_airflow(self.subjects) and self.airflow_python is None:
            raise pytest.UsageError(
                "the airflow backend needs real Airflow: install apache-airflow here or pass "
                "--dag-fidelity-airflow-python PATH"
            )
        # Updates are safe under xdist: each item writes only its own golden, atomically.
        self.version = target_version(settings, self.airflow_python)
        self.registry = Registry(settings.commands)
        self._backends: dict[str, Backend] = {}
        self._second: Backend | None = None  # real Airflow again, another hash seed (nondeterminism)
        # Under xdist: servers the controller runs (name -> server), or those a worker uses
        # (name -> socket path), so real Airflow is imported once per run.
        self._servers: dict[str, Any] = {}
        self._server_paths: dict[str, str] = dict(getattr(config, "workerinput", {}).get(SERVERS_KEY, {}))
        self._queues: CompileQueues[Result] = CompileQueues()  # every backend's results, AGAIN's too
        self._backend_lock = threading.RLock()  # backends start from their queues' threads
        self._starting: dict[str, _Start] = {}  # backends starting in the background
        self._discovered: dict[Path, frozenset[Path]] = {}
        self.skipped: list[Skipped] = []  # files discovery must not read: reported, and the run fails
        self._declared: dict[Path, FileDeclarations] = {}
        self._display: dict[Path, str] = {}
        self._folders: list[Path] | None = None  # the DAG folders of settings.paths
        self._dag_folders: dict[Path, Path] = {}  # a file's folder -> the DAG folder that holds it
        self._yaml_suffixes = yaml_dags.suffixes(settings.yaml_suffixes)
        self._roots = [(root, os.path.join(str(root), "")) for root in settings.paths]  # with a "/"
        self._import_paths: dict[Path, list[str]] = {}  # DAG folder -> sys.path entries
        self.collection = CollectionCache(getattr(config, "cache", None), self.version, self._yaml_suffixes)
        self._pending: list[Path] = []  # DAG files collected and not listed yet
        self._keys: dict[Path, tuple[str, Slot | None]] = {}  # a file's id source and cache slot
        # Listings no isolated parse of the file made (the cache's, a shared parse's): confirmed
        # when the file's items run.
        self._unconfirmed: dict[Path, Unconfirmed] = {}
        self._worker_collected: dict[str, tuple[int, int, int]] = {}  # xdist controller: worker -> counts
        self.sharded_out = 0  # DAG files another shard checks
        self.verdicts: Counter[str] = Counter()
        self.goldens: Counter[str] = Counter()
        self.unvalidated: list[str] = []  # tasks whose provider operator's arguments went unchecked
        if config.args_source != pytest.Config.ArgsSource.ARGS:
            # No explicit paths: the DAG folders are what this run is about.
            config.args[:] = [str(p) for p in settings.paths]

    @property
    def has_airflow(self) -> bool:
        return self.airflow_python is not None

    @property
    def subjects(self) -> tuple[str, ...]:
        """The backends under test: the one held to Airflow and the goldens, or those compared."""
        return self.settings.compare or (self.settings.backend,)

    def _options(self, server: str | None = None) -> BackendOptions:
        return BackendOptions(
            target=self.version,
            airflow_python=self.airflow_python,
            timeout=self.settings.timeout,
            memory_limit=self.settings.memory_limit,
            server=server,
        )

    @pytest.hookimpl(optionalhook=True)
    def pytest_configure_node(self, node: Any) -> None:
        """xdist's controller, per worker: the run's one real Airflow, started for the first; and in
        an update run, which parses every file twice, the second one (another hash seed)."""
        if self.has_airflow and not self._servers:
            wanted = {REFERENCE: self._options()}
            if self.settings.update:
                wanted[AGAIN] = self._options().replace(env=other_hash_seed())
            for key, options in wanted.items():
                try:
                    server = self.registry.serve(REFERENCE, options)
                except DagFidelityError as exc:
                    raise pytest.UsageError(f"dag-fidelity: {exc}") from None
                if server is not None:
                    self._servers[key] = server
        node.workerinput[SERVERS_KEY] = {name: server.path for name, server in self._servers.items()}

    @pytest.hookimpl
    def pytest_sessionstart(self) -> None:
        # Real Airflow imports itself (seconds) while the files are collected; its first file waits.
        if self.has_airflow and not self.config.option.collectonly and not self._is_xdist_controller():
            self._starting[REFERENCE] = _Start(
                lambda: self.registry.start(REFERENCE, self._reference_options())
            )

    def _reference_options(self) -> BackendOptions:
        return self._options(self._server_paths.get(REFERENCE))

    def backend(self, name: str) -> Backend:
        with self._backend_lock:
            return self._backend(name)

    def _backend(self, name: str) -> Backend:
        if name not in self._backends:
            starting = self._starting.pop(name, None)
            try:
                if starting is not None:
                    self._backends[name] = starting.result()
                else:
                    self._backends[name] = self.registry.start(
                        name, self._options(self._server_paths.get(name))
                    )
            except DagFidelityError as exc:  # a backend that cannot start: one line, the run stops
                raise pytest.UsageError(f"dag-fidelity: {exc}") from None
        return self._backends[name]

    def again(self, path: Path, dag_id: str | None) -> Side:
        """Real Airflow's second parse of ``path``, in another worker with another hash seed."""
        if self._second is None:
            options = self._options(self._server_paths.get(AGAIN)).replace(env=other_hash_seed())
            self._second = self.registry.start(REFERENCE, options)
        second = self._second
        return Side.of(self._queues.get(AGAIN, path, lambda: self._compile(second, path)), dag_id)

    def result(self, backend: str, path: Path) -> Result:
        return self._queues.get(backend, path, self._compiler(backend, path))

    def ahead(self, path: Path) -> None:
        """Start the compiles an item of ``path`` will ask for, each on its backend's thread."""
        wanted = [REFERENCE] if self.has_airflow else []
        if self.declared(path).airflow_only is None:
            wanted += self.subjects
        for name in wanted:
            self._queues.ahead(name, path, self._compiler(name, path))

    def _compiler(self, backend: str, path: Path) -> Callable[[], Result]:
        return lambda: self._compile(self.backend(backend), path)

    def _compile(self, backend: Backend, path: Path) -> Result:
        return backend.compile(str(path), file=self.display(path), import_path=self.import_path(path))

    def dag_folder(self, path: Path) -> Path:
        here = path.parent  # the answer depends on the file's folder only: once per folder
        if here not in self._dag_folders:
            if self._folders is None:  # a stat per configured path: once per run, not per file
                self._folders = [p if p.is_dir() else p.parent for p in self.settings.paths]
            self._dag_folders[here] = dag_folder_of(path, self._folders)
        return self._dag_folders[here]

    def display(self, path: Path) -> str:
        if path not in self._display:
            self._display[path] = file_name(path, self.settings.rootdir, self.dag_folder(path))
        return self._display[path]

    def import_path(self, path: Path) -> list[str]:
        folder = self.dag_folder(path)
        if folder not in self._import_paths:  # a stat per entry: once per DAG folder, not per file
            self._import_paths[folder] = self.settings.import_path.for_folder(folder)
        return self._import_paths[folder]

    def declared(self, path: Path, content: bytes | None = None) -> FileDeclarations:
        # Read once per file: collection and every DAG item of the file ask.
        if path not in self._declared:
            self._declared[path] = self.settings.declarations.for_file(
                str(path), self.display(path), self.version, content
            )
        return self._declared[path]

    def golden(self, file: str, dag_id: str | None, reference: Side | None) -> GoldenState:
        """The golden that records this item's outcome: the DAG's, or the file's declared
        failure (``@error``) when Airflow rejects the file (or, without live Airflow,
        whichever exists)."""
        candidates: list[str | None]
        if dag_id is None or (reference is not None and reference.error is not None):
            candidates = [None]
        elif reference is not None:
            candidates = [dag_id]
        else:
            candidates = [dag_id, None]
        for candidate in candidates:
            try:
                path = self.store.path(self.version, file, candidate)
                stored = self.store.read(self.version, file, candidate)
            except GoldenError as exc:
                return GoldenState(self.store.root, invalid=str(exc))
            if stored is not None:
                return GoldenState(path, stored=Side.of_golden(stored))
        return GoldenState(self.store.path(self.version, file, candidates[0]))

    def update_command(self, nodeid: str) -> str:
        args = ["pytest", "--dag-fidelity", "--dag-fidelity-update"]
        if self.settings.airflow_python and self.settings.airflow_python != sys.executable:
            args += ["--dag-fidelity-airflow-python", self.settings.airflow_python]
        return " ".join(shlex.quote(a) for a in [*args, nodeid])

    def close(self) -> None:
        self._queues.close()  # before the backends: nothing is asked of a closed one
        for starting in self._starting.values():
            starting.close()
        self._starting.clear()
        for backend in self._backends.values():
            backend.close()
        self._backends.clear()
        if self._second is not None:
            self._second.close()
            self._second = None
        for server in self._servers.values():
            server.close()
        self._servers.clear()

    # -- collection ------------------------------------------------------------------
    def id_source(self, path: Path, content: bytes | None = None) -> str:
        """The backend whose DAG ids name a file's items: what the run holds to the goldens, so
        real Airflow in an update run or for a file declared checked by it only; else the
        backend under test (fast)."""
        airflow_first = self.settings.update or self.declared(path, content).airflow_only is not None
        return REFERENCE if airflow_first and self.has_airflow else self.settings.backend

    def _slot(self, path: Path, source: str, content: bytes) -> Slot:
        identity = {"backend": source}
        if source == REFERENCE:
            identity["python"] = self.airflow_python or ""
        elif source in self.settings.commands:
            identity["command"] = self.settings.commands[source]
        return Slot(
            tuple(sorted(identity.items())),
            self.display(path),
            file_digest(content),
            tuple(self.import_path(path)),
        )

    def _key(self, path: Path) -> tuple[str, Slot | None]:
        """The backend whose ids name the file's items, and the file's collection-cache slot
        (None: no cache, or the file cannot be read, which its parse reports)."""
        content: bytes | None = None
        if self.collection.enabled:
            try:  # read once: for the cache key and for the file's declarations
                content = path.read_bytes()
            except OSError:
                pass
        source = self.id_source(path, content)
        return source, self._slot(path, source, content) if content is not None else None

    def listing(self, path: Path) -> Listing:
        """The items collection lists for ``path``: from the collection cache where its key
        matches, else from the shared parse of its folder's files, else from a parse of its
        own (which the file's items then reuse)."""
        if self._pending:
            pending, self._pending = list(dict.fromkeys(self._pending)), []
            self._list_ahead(pending)
        unconfirmed = self._unconfirmed.get(path)
        if unconfirmed is not None:
            return unconfirmed.listing
        source, slot = self._keys.pop(path) if path in self._keys else self._key(path)
        result = self.result(source, path)
        self.collection.parsed += 1
        listing = Listing.of(result)
        if slot is not None:
            self.collection.store(slot, listing if cacheable(result) else None)
        return listing

    def _list_ahead(self, paths: list[Path]) -> None:
        """List what can be listed without parsing each file alone: the cache's entries, then
        the rest of each DAG folder in one shared parse (``dag_fidelity_collect = shared``).
        The files collected so far are those of the folders pytest has entered: a folder's
        files are all collected before the first of them is listed."""
        groups: dict[tuple[str, tuple[str, ...]], list[Path]] = {}
        for path in paths:
            source, slot = self._key(path)
            cached = self.collection.lookup(slot) if slot is not None else None
            if cached is not None:
                self.collection.cached += 1
                self._unconfirmed[path] = Unconfirmed(slot, cached, shared=False)
                continue
            self._keys[path] = (source, slot)
            if self.settings.collect == SHARED:
                groups.setdefault((source, tuple(self.import_path(path))), []).append(path)
        for (source, import_path), group in groups.items():
            # One file is parsed alone: that parse is its listing and its items' result too.
            list_dag_ids = getattr(self.backend(source), "list_dag_ids", None) if len(group) > 1 else None
            if list_dag_ids is None:  # a backend that cannot (an external program)
                continue
            # Collection ends before any item runs, so nothing else asks the backend meanwhile.
            for start in range(0, len(group), SHARED_CHUNK):
                chunk = group[start : start + SHARED_CHUNK]
                files = [self.display(p) for p in chunk]
                listed = list_dag_ids([str(p) for p in chunk], files=files, import_path=import_path)
                for path in chunk:
                    ids = listed.get(str(path))
                    if not ids:  # it failed there, or was not reached: it is parsed alone
                        continue
                    slot = self._keys.pop(path)[1]
                    listing = Listing(ids)
                    self._unconfirmed[path] = Unconfirmed(slot, listing, shared=True)
                    self.collection.shared += 1
                    if slot is not None:
                        self.collection.store(slot, listing)

    def stale_listing(self, path: Path) -> Stale | None:
        """When an item runs: if collection listed ``path`` without parsing it alone (from the
        cache, or a shared parse), whether the file's own parse yields those ids (a helper
        module or an environment variable can change them while its bytes stay; a file parsed
        before it in the shared parse may have changed what it sees): what changed, and the
        cache entry is refreshed."""
        unconfirmed = self._unconfirmed.get(path)
        if unconfirmed is None:
            return None  # collection parsed it alone in this run: the items are the file's ids
        slot = unconfirmed.slot
        result = self.result(self.id_source(path), path)
        if not cacheable(result):  # a time limit, a missing module: the item fails with that cause
            if slot is not None:
                self.collection.store(slot, None)
            return None
        now = Listing.of(result)
        problem = stale(self.display(path), unconfirmed.listing, now, shared=unconfirmed.shared)
        if problem is not None and slot is not None:
            self.collection.store(slot, now)
        return problem

    def is_dag_file(self, path: Path) -> bool:
        yaml_suffixes = self._yaml_suffixes
        is_yaml = yaml_dags.has_yaml_suffix(path, yaml_suffixes)
        if (
            (path.suffix != ".py" and not is_yaml)
            or path.name == "__init__.py"
            or "__pycache__" in path.parts
        ):
            return False
        text = str(path)
        for root, below in self._roots:
            if path == root:
                problem = unreadable(path)
                if problem is not None:
                    self.skipped.append(problem)
                    return False
                return yaml_dags.might_define_dags(path) if is_yaml else might_contain_dag(path, self.version)
            if text.startswith(below):  # root in path.parents, as a string: once per file and root
                if root not in self._discovered:  # .airflowignore and safe mode, as Airflow's
                    found = dag_files(root, self.version, self.skipped, yaml_suffixes=yaml_suffixes)
                    self._discovered[root] = frozenset(found)
                return path in self._discovered[root]
        return False

    @pytest.hookimpl
    def pytest_collect_file(self, file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
        if not self.is_dag_file(file_path):
            return None
        shard = self.settings.shard
        if shard is not None and not shard.holds(self.display(file_path)):
            self.sharded_out += 1
            return None  # another job's file: never parsed here
        from .items import DagFile

        self._pending.append(file_path)
        return DagFile.from_parent(parent, path=file_path)

    @pytest.hookimpl(tryfirst=True)
    def pytest_pycollect_makemodule(
        self, module_path: Path, parent: pytest.Collector
    ) -> pytest.Collector | None:
        # A DAG file is never imported by pytest's Python collector: it would import airflow.
        if not self.is_dag_file(module_path):
            return None
        from .items import NotATestModule

        return NotATestModule.from_parent(parent, path=module_path)

    @pytest.hookimpl(tryfirst=True)  # before -k and -m deselect: clashes count across the whole run
    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        from .items import DagItem

        first: dict[str, Path] = {}
        for item in sorted((i for i in items if isinstance(i, DagItem) and i.dag_id), key=lambda i: i.path):
            assert isinstance(item, DagItem) and item.dag_id is not None
            earlier = first.setdefault(item.dag_id, item.path)
            if earlier != item.path:
                item.first_defined_in = self.display(earlier)

    # -- reporting -------------------------------------------------------------------
    def pytest_report_header(self) -> list[str]:
        live = f"real Airflow via {self.airflow_python}" if self.has_airflow else "no real Airflow reachable"
        mode = ", updating goldens" if self.settings.update else ""
        under = (
            f"comparing {', '.join(self.subjects)}"
            if self.settings.compare
            else f"backend {self.settings.backend}"
        )
        mode += f", shard {self.settings.shard}" if self.settings.shard else ""
        from .worker.landlock import status

        return [
            f"dag-fidelity: Airflow {self.version}, {under}, {live}{mode}; goldens in {self.store.root}",
            status().line,
        ]

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_protocol(self, item: pytest.Item, nextitem: pytest.Item | None) -> None:
        # The next file's compiles start while this item runs (xdist names each worker's next).
        from .items import DagItem

        if isinstance(nextitem, DagItem) and nextitem.path != item.path:
            self.ahead(nextitem.path)

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> Generator[None, Any, None]:
        outcome = yield
        from .items import DagItem, carries_verdict

        report: pytest.TestReport = outcome.get_result()
        if isinstance(item, DagItem) and report.failed and carries_verdict(report) and call.excinfo:
            item.record_unjudged(report, call.excinfo.value)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        from .items import carries_verdict

        for name, value in report.user_properties:
            if name == "dag_fidelity_verdict" and carries_verdict(report):
                self.verdicts[str(value)] += 1
            elif name == "dag_fidelity_golden" and report.when == "call":
                self.goldens[str(value)] += 1
            elif name == "dag_fidelity_unvalidated" and report.when == "call" and isinstance(value, list):
                self.unvalidated.extend(str(v) for v in value)

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: Any, error: Any) -> None:
        """xdist's controller: each worker collected on its own; it says what it parsed."""
        counts = getattr(node, "workeroutput", {}).get(COLLECTED_KEY)
        if isinstance(counts, list) and len(counts) == 3:
            self._worker_collected[str(node.gateway.id)] = (int(counts[0]), int(counts[1]), int(counts[2]))

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if self._is_xdist_controller():  # its workers collected; it walks the folders itself
            self.skipped = self._unreadable_in(self.config.args)
        else:  # where collection ran: keep what it learnt, and say what it parsed
            self.collection.save()
            workeroutput = getattr(self.config, "workeroutput", None)
            if workeroutput is not None:  # an xdist worker: the controller prints the summary
                counts = self.collection
                workeroutput[COLLECTED_KEY] = [counts.parsed, counts.shared, counts.cached]
        if self.skipped and session.exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED  # a file not checked is never a pass

    def _is_xdist_controller(self) -> bool:
        return self.config.pluginmanager.hasplugin("dsession") and not hasattr(self.config, "workerinput")

    def _unreadable_in(self, args: list[str]) -> list[Skipped]:
        """What discovery must not read below the run's paths (a walk and a stat; nothing parsed)."""
        found: list[Skipped] = []
        suffixes = yaml_dags.suffixes(self.settings.yaml_suffixes)
        for arg in args:
            path = Path(arg.split("::")[0]).absolute()
            if path.is_dir():
                for _ in dag_files(path, self.version, found, yaml_suffixes=suffixes):
                    pass
            elif os.path.lexists(path) and (problem := unreadable(path)) is not None:
                found.append(problem)
        return found

    def _collected_line(self) -> str | None:
        """How collection listed the DAG files: parsed alone, in a shared parse, from the cache."""
        off = "" if self.collection.enabled else " (the collection cache is off: -p no:cacheprovider)"
        if self._worker_collected:
            per_worker = "; ".join(
                f"{worker}: {parsed} parsed alone, {shared} shared, {cached} from the cache"
                for worker, (parsed, shared, cached) in sorted(self._worker_collected.items())
            )
            return f"collection, each xdist worker: {per_worker}{off}"
        parsed, shared, cached = self.collection.parsed, self.collection.shared, self.collection.cached
        if not parsed and not shared and not cached:
            return None
        return (
            f"collection: {parsed} DAG files parsed alone, {shared} in a shared parse, {cached} from "
            f"the cache{off}"
        )

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        collected = self._collected_line()
        if not (self.verdicts or self.goldens or self.sharded_out or self.skipped or collected):
            return
        terminalreporter.section("dag fidelity")
        if collected:
            terminalreporter.line(collected)
        for problem in self.skipped:
            terminalreporter.line(problem.line, red=True)
        if self.sharded_out:  # counted where files are collected (not an xdist controller)
            terminalreporter.line(
                f"shard {self.settings.shard}: {self.sharded_out} DAG files left to the other shards"
            )
        counts = ", ".join(f"{self.verdicts[v.value]} {v.value}" for v in Verdict if self.verdicts[v.value])
        terminalreporter.line(f"Airflow {self.version}: {counts or 'no DAG checked'}")
        if self.unvalidated:
            terminalreporter.line(f"{UNVALIDATED_NOTE}: {', '.join(self.unvalidated)}")
        if self.settings.update:
            golden = ", ".join(f"{self.goldens[o]} {o}" for o in GOLDEN_OUTCOMES)
            terminalreporter.line(f"goldens in {self.store.root / self.version}: {golden}")


class _Start:
    """A backend starting in a thread of its own; ``result`` waits for it."""

    def __init__(self, start: Callable[[], Backend]) -> None:
        self._backend: Backend | None = None
        self._error: BaseException | None = None

        def run() -> None:
            try:
                self._backend = start()
            except BaseException as exc:  # raised again in the thread that needs the backend
                self._error = exc

        self._thread = threading.Thread(target=run, name="dagfidelity-backend-start", daemon=True)
        self._thread.start()

    def result(self) -> Backend:
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._backend is not None
        return self._backend

    def close(self) -> None:
        """Never used: stop it once it has started."""
        self._thread.join()
        if self._backend is not None:
            self._backend.close()
