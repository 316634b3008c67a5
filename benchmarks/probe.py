"""The measuring subprocess of ``benchmarks/run.py``. Never imported by it: always run as a script.

    python probe.py SPEC.json RESULT.json

One process measures exactly one side, so the shim and real Airflow never share an
interpreter. ``SPEC["kind"]`` says what to do:

- ``sets``: load DAG files in-process the way a backend worker does, set after set,
  and time two steps per file separately:
  * parse: the shim executes the file against its runtime (``ShimLoader.load``, i.e.
    ``runtime.load_file``); real Airflow runs ``DagBag.process_file`` on one DagBag.
  * dag.json: ``compile_file`` over the DAG objects (real ones adapted as the airflow
    worker adapts them), then ``json.dumps``: what the worker adds to answer a request.
  Each set gets a warm-up pass, then ``passes`` timed passes, each from a collected heap
  (``gc.collect()`` first, untimed): a pass pays the collections its own garbage causes,
  not one left pending by the set before it. ``ru_maxrss`` is read after every set (it is
  a high-water mark, so the first set's value is its own peak).
- ``collect``: real Airflow only: ``DagBag(dag_folder=...)`` collects a folder (timed
  from the parent, whole process).
- ``backends``: the plugin-overhead baseline: start the backends ``pytest
  --dag-fidelity`` would start and compile every file with each, nothing else.

The result goes to RESULT.json, never stdout (DAG files may print).
"""

from __future__ import annotations

import gc
import json
import math
import os
import resource
import sys
import time
from typing import Any

PARSE_TIME = "2025-01-01T00:00:00+00:00"  # the backends' frozen parse instant (backends/base.py)


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux: KiB


def short_error(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {str(exc).splitlines()[0][:200] if str(exc) else ''}"


class Side:
    """One backend's per-file steps, timed separately."""

    def __init__(self, backend: str, target: str | None) -> None:
        if backend == "shim":
            from pytest_dagfidelity.worker.shim_loader import ShimLoader

            self.loader: Any = ShimLoader(target)
            self.bag: Any = None
        else:
            from pytest_dagfidelity.worker.airflow_loader import AirflowLoader

            self.loader = AirflowLoader()
            self.bag = None
        from pytest_dagfidelity.compile import compile_file

        self.compile_file = compile_file
        self.backend = backend
        self.airflow_version = self.loader.airflow_version

    def new_set(self, folder: str) -> None:
        if self.backend == "airflow":
            # One DagBag per set, as Airflow's own collection uses one bag for a folder.
            self.bag = self.loader._dagbag_cls(dag_folder=folder, **self.loader._dagbag_kwargs)

    def parse(self, path: str) -> list[Any]:
        if self.backend == "shim":
            return self.loader.load(path)  # type: ignore[no-any-return]
        self.bag.import_errors.pop(path, None)
        found = self.bag.process_file(path, only_if_updated=False, safe_mode=False)
        if path in self.bag.import_errors:
            raise RuntimeError(str(self.bag.import_errors[path]).strip().splitlines()[-1][:200])
        return sorted(found, key=lambda d: d.dag_id)

    def to_json(self, path: str, dags: list[Any]) -> dict[str, Any]:
        doc = self.compile_file(
            self.loader.adapt(dags),
            file=os.path.basename(path),
            dag_file=path,
            airflow_version=self.airflow_version,
        )
        json.dumps({"ok": True, "doc": doc}, sort_keys=True)  # what the worker sends back
        return doc

    def one_file(self, path: str, times: list[float]) -> tuple[int, int, str | None]:
        """Parse and compile one file, adding (parse, dag.json) seconds to ``times``."""
        before = set(sys.modules)
        folder = os.path.dirname(path)
        added = folder not in sys.path
        if added:
            sys.path.insert(0, folder)
        try:
            t0 = time.perf_counter()
            try:
                dags = self.parse(path)
            except BaseException as exc:  # the file's own failure (ShimUnsupported included)
                if isinstance(exc, KeyboardInterrupt):
                    raise
                times[0] += time.perf_counter() - t0
                return 0, 0, short_error(exc)
            t1 = time.perf_counter()
            try:
                doc = self.to_json(path, dags)
            except Exception as exc:
                times[0] += t1 - t0
                times[1] += time.perf_counter() - t1
                return 0, 0, "compiling dag.json failed: " + short_error(exc)
            t2 = time.perf_counter()
            times[0] += t1 - t0
            times[1] += t2 - t1
            dag_docs = doc["dags"].values()
            return len(doc["dags"]), sum(len(d["tasks"]) for d in dag_docs), None
        finally:
            if added and folder in sys.path:
                sys.path.remove(folder)
            # Forget what the file imported from its own folder, so each file runs afresh (the
            # workers parse each file in a forked process, which ends with its file).
            for name in set(sys.modules) - before:
                module_file = getattr(sys.modules.get(name), "__file__", None) or ""
                if name.startswith("unusual_prefix_") or module_file.startswith(folder + os.sep):
                    sys.modules.pop(name, None)


def run_pass(side: Side, files: list[str], loops: int = 1) -> tuple[list[float], int, int, list[str]]:
    times = [0.0, 0.0]
    dags = tasks = 0
    errors: list[str] = []
    for _ in range(loops):
        dags = tasks = 0
        errors = []
        for path in files:
            d, t, error = side.one_file(path, times)
            dags += d
            tasks += t
            if error:
                errors.append(f"{os.path.basename(path)}: {error}")
    return [x / loops for x in times], dags, tasks, errors


def measure_sets(spec: dict[str, Any]) -> dict[str, Any]:
    t0 = time.perf_counter()
    side = Side(spec["backend"], spec.get("target"))
    startup = time.perf_counter() - t0
    out: dict[str, Any] = {
        "airflow_version": side.airflow_version,
        "startup_s": startup,
        "maxrss_mb_after_startup": maxrss_mb(),
        "sets": {},
    }
    for item in spec["sets"]:
        files = item["files"]
        side.new_set(os.path.dirname(files[0]))
        run_pass(side, item.get("warmup") or files[:1])
        first, dags, tasks, errors = run_pass(side, files)
        # Short sets loop inside a pass, so every timed pass lasts at least min_pass_s.
        loops = max(1, math.ceil(spec.get("min_pass_s", 0.0) / max(sum(first), 1e-6)))
        parse: list[float] = []
        to_json: list[float] = []
        for _ in range(spec["passes"]):
            # The collector's generations carry over from set to set, and a gen-1 collection
            # of another set's survivors (~5 ms after the corpus) would land in whichever pass
            # it falls due in, the same one in every round: the sizes' steps measured that.
            gc.collect()
            times, _, _, _ = run_pass(side, files, loops)
            parse.append(times[0])
            to_json.append(times[1])
        out["sets"][item["name"]] = {
            "files": len(files),
            "dags": dags,
            "tasks": tasks,
            "errors": errors,
            "loops_per_pass": loops,
            "parse_s": parse,
            "dag_json_s": to_json,
            "total_s": [a + b for a, b in zip(parse, to_json, strict=True)],
            "maxrss_mb": maxrss_mb(),
        }
    return out


def collect(spec: dict[str, Any]) -> dict[str, Any]:
    from pytest_dagfidelity.worker.airflow_loader import AirflowLoader

    loader = AirflowLoader()
    kwargs = {k: v for k, v in loader._dagbag_kwargs.items() if k != "collect_dags"}
    bag = loader._dagbag_cls(dag_folder=spec["folder"], **kwargs)
    return {
        "airflow_version": loader.airflow_version,
        "dags": len(bag.dags),
        "errors": len(bag.import_errors),
        "maxrss_mb": maxrss_mb(),
    }


def backends(spec: dict[str, Any]) -> dict[str, Any]:
    from pytest_dagfidelity.backends import start_backend

    out: dict[str, Any] = {"files": len(spec["files"]), "backends": {}}
    root = spec["root"]
    # The DAG folder on the files' sys.path, as the plugin puts it (its dag_fidelity_paths):
    # not the project root, which may hold a venv whose libraries would then count as the
    # user's own and never be warmed in the worker.
    import_path = spec.get("import_path") or [root]
    for name in spec["backends"]:
        t0 = time.perf_counter()
        kwargs = {"target": spec["target"]} if name == "shim" else {"airflow_python": sys.executable}
        backend = start_backend(name, **kwargs)
        started = time.perf_counter()
        compile_s = 0.0
        failed = 0
        for path in spec["files"]:
            t = time.perf_counter()
            result = backend.compile(path, file=os.path.relpath(path, root), import_path=import_path)
            compile_s += time.perf_counter() - t
            failed += not result.ok
        backend.close()
        out["backends"][name] = {
            "start_s": started - t0,
            "compile_sum_s": compile_s,
            "close_s": time.perf_counter() - t0 - (started - t0) - compile_s,
            "failed": failed,
            "airflow_version": backend.airflow_version,
        }
    return out


def real_airflow_imported() -> bool:
    import pytest_dagfidelity

    shim = os.path.realpath(os.path.join(os.path.dirname(pytest_dagfidelity.__file__), "shim"))
    for name, module in list(sys.modules.items()):
        if name == "airflow" or name.startswith("airflow."):
            file = getattr(module, "__file__", None)
            if file and not os.path.realpath(file).startswith(shim):
                return True
    return False


def main() -> None:
    spec_path, result_path = sys.argv[1], sys.argv[2]
    with open(spec_path, encoding="utf-8") as fh:
        spec = json.load(fh)
    sys.stdout = sys.stderr  # DAG files may print; the result goes to a file
    kind = spec["kind"]
    result = measure_sets(spec) if kind == "sets" else collect(spec) if kind == "collect" else backends(spec)
    result["python"] = sys.version.split()[0]
    result["executable"] = sys.executable
    result["real_airflow_imported"] = real_airflow_imported()
    with open(result_path, "w", encoding="utf-8") as fh:
        json.dump(result, fh)


if __name__ == "__main__":
    main()
