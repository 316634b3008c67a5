"""Third-party backends: an external program speaking docs/backends.md's protocol, and an
entry-point backend, each run through ``compile``, ``check`` and the plugin.

The reference external backend (``tests/resources/external_backend/refparser.py``) is a
real program in its own process; it can be told to misbehave on one chosen file.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pytest_dagfidelity import schema
from pytest_dagfidelity.backends import BackendOptions, Registry
from pytest_dagfidelity.exceptions import UsageError
from pytest_dagfidelity.versions import installed_airflow, resolve_target

from .conftest import CORPUS, RESOURCES, shim_only_corpus

REFPARSER = RESOURCES / "external_backend" / "refparser.py"
REF = f"ref={shlex.join([sys.executable, str(REFPARSER)])}"
TARGET = resolve_target(None)
STYLE = "af2" if TARGET.startswith("2.") else "af3"
# With real Airflow reachable, `check --compare` has a referee and says match; else agree.
AGREED = "match" if installed_airflow() else "agree"


def cli(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest_dagfidelity.cli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=cwd,
    )


def plugin(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """``pytest --dag-fidelity`` in a process of its own, ``env`` added to this one's."""
    return subprocess.run(
        [sys.executable, "-m", "pytest", "--dag-fidelity", "-p", "no:cacheprovider", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        cwd=cwd,
    )


def verdicts(done: subprocess.CompletedProcess[str]) -> dict[str, dict[str, Any]]:
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    return {Path(v["path"]).name: v for v in lines}


@pytest.fixture
def dags(tmp_path: Path) -> Path:
    """Three corpus files the shim parses without third-party packages."""
    folder = tmp_path / "dags"
    folder.mkdir()
    for path in shim_only_corpus(STYLE, TARGET)[:3]:
        shutil.copy(path, folder / path.name)
    return folder


def test_an_external_backend_compiles_the_same_document_as_the_shim() -> None:
    file = str(CORPUS / f"edge_labels__{STYLE}.py")
    shim = cli("compile", file, "--airflow-version", TARGET)
    ref = cli("compile", file, "--backend", "ref", "--external-backend", REF, "--airflow-version", TARGET)
    assert shim.returncode == 0 and ref.returncode == 0, ref.stderr
    assert ref.stdout == shim.stdout


def test_the_environment_variable_selects_an_external_backend() -> None:
    file = str(CORPUS / f"edge_labels__{STYLE}.py")
    done = cli(
        "compile",
        file,
        "--external-backend",
        REF,
        "--airflow-version",
        TARGET,
        env={"LEOFLOW_PARSER_BACKEND": "ref", "REFPARSER_FAULT": "crash", "REFPARSER_FAULT_ON": "edge"},
    )
    # The crash proves the external program, not the shim, parsed it.
    assert done.returncode == 1 and "backend 'ref'" in done.stderr and "BackendCrashed" in done.stderr


def test_check_compares_two_backends_file_by_file(dags: Path) -> None:
    done = cli("check", "--json", "--compare", "shim,ref", "--external-backend", REF, str(dags))
    assert done.returncode == 0, done.stderr
    found = verdicts(done)
    assert len(found) == 3 and {v["verdict"] for v in found.values()} == {AGREED}, found


@pytest.mark.parametrize(
    ("fault", "says"),
    [
        (
            "crash",
            "BackendCrashed: backend 'ref' (* exited (status 139) while parsing the file; its stderr "
            "ends: refparser: segmentation fault (simulated)*",
        ),
        ("hang", "BackendTimeout: backend 'ref' (* did not answer within 3 s*"),
        (
            "garbage",
            "BackendProtocolError: backend 'ref' (* wrote b'<<not json>>', which is not a JSON line*",
        ),
        ("stdout", "BackendProtocolError: backend 'ref' (* wrote b'parsing *', which is not a JSON line*"),
        ("wrong-id", "BackendProtocolError: backend 'ref' (* breaks protocol version 1 ($.id: not the id*"),
        (
            "partial",
            "BackendSchemaError: backend 'ref' (* not a valid dag.json: $.dags.*: 'tasks' is required*",
        ),
    ],
)
def test_a_misbehaving_backend_fails_that_file_only(dags: Path, fault: str, says: str) -> None:
    files = sorted(p.name for p in dags.iterdir())
    victim = files[1]  # the middle one: a file before it and one after it
    done = cli(
        "check",
        "--compare",
        "shim,ref",
        "--external-backend",
        REF,
        "--timeout",
        "3",
        str(dags),
        env={"REFPARSER_FAULT": fault, "REFPARSER_FAULT_ON": victim},
    )
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    victim_line = next(i for i, line in enumerate(lines) if victim in line)
    assert lines[victim_line].startswith("harness_limit")
    _fnmatch(lines[victim_line + 1].strip(), f"harness limit on the ref backend: *{says}")
    for other in (files[0], files[2]):  # nothing lost: the files around it are judged as ever
        assert next(line for line in lines if other in line).startswith(AGREED), done.stdout
    assert "Traceback" not in done.stderr


def one_error_line(done: subprocess.CompletedProcess[str]) -> str:
    """The run's one error line (the check header may precede it); no traceback."""
    errors = [line for line in done.stderr.splitlines() if line.startswith("dagfidelity: error:")]
    assert len(errors) == 1 and done.stderr.rstrip().endswith(errors[0]), done.stderr
    assert "Traceback" not in done.stderr
    return errors[0]


def _fnmatch(text: str, pattern: str) -> bool:
    import fnmatch

    return fnmatch.fnmatchcase(text, pattern) or pytest.fail(f"{text!r}\ndoes not match\n{pattern!r}")


def test_a_backend_gone_for_good_lists_every_file_it_did_not_reach(dags: Path, tmp_path: Path) -> None:
    # The backend crashes on the middle file and then no longer starts: the first file is judged,
    # the middle one is the crash's, the last is listed as not checked, never lost or passed.
    files = sorted(p.name for p in dags.iterdir())
    env = {
        "REFPARSER_FAULT": "gone",
        "REFPARSER_FAULT_ON": files[1],
        "REFPARSER_MARK": str(tmp_path / "gone"),
    }
    args = ["check", "--compare", "shim,ref", "--external-backend", REF, str(dags)]
    for json_lines in (True, False):
        (tmp_path / "gone").unlink(missing_ok=True)
        done = cli(*args[:1], *(["--json"] if json_lines else []), *args[1:], env=env)
        assert done.returncode == 2, done.stderr
        error = one_error_line(done)
        assert "backend 'ref' (" in error and "exited (status 3) before the handshake" in error, error
        assert "refparser: cannot start (simulated)" in error
        if json_lines:
            found = verdicts(done)
            assert [found[f]["verdict"] for f in files] == [AGREED, "harness_limit", "not_checked"], found
            assert found[files[2]]["error"].startswith("not checked: backend 'ref' (")
        else:
            lines = done.stdout.splitlines()
            last = next(i for i, line in enumerate(lines) if files[2] in line)
            assert lines[last].startswith("not_checked") and lines[last + 1].strip().startswith(
                "not checked:"
            )
            summary = done.stderr.splitlines()[-2]
            assert f"1 {AGREED}" in summary and "1 harness_limit" in summary and "1 not_checked" in summary


def test_the_plugin_fails_each_item_of_a_backend_gone_for_good(dags: Path, tmp_path: Path) -> None:
    files = sorted(p.name for p in dags.iterdir())
    (tmp_path / "pytest.ini").write_text(
        f"[pytest]\ndag_fidelity_paths = {dags}\ndag_fidelity_golden_dir = goldens\n"
        f"dag_fidelity_external_backends = {REF}\n",
        encoding="utf-8",
    )
    env = {
        "REFPARSER_FAULT": "gone",
        "REFPARSER_FAULT_ON": files[1],
        "REFPARSER_MARK": str(tmp_path / "gone"),
    }
    done = plugin(
        "--dag-fidelity-compare", "shim,ref", "--dag-fidelity-results", "results.json", env=env, cwd=tmp_path
    )
    assert done.returncode == 1, done.stdout[-3000:]
    records = json.loads((tmp_path / "results.json").read_text())["results"]
    by_file: dict[str, set[str]] = {}
    for record in records:
        by_file.setdefault(Path(record["file"]).name, set()).add(record["verdict"])
    # No golden yet: the first file's items fail as missing_golden; then the crash, then each
    # item of the file the backend never reached, failed and reported as not checked.
    assert by_file == {files[0]: {"missing_golden"}, files[1]: {"harness_limit"}, files[2]: {"not_checked"}}
    not_checked = [r for r in records if r["verdict"] == "not_checked"]
    assert all("exited (status 3) before the handshake" in r["error"] for r in not_checked), not_checked
    assert " passed" not in done.stdout.splitlines()[-1], done.stdout[-2000:]


def test_a_backend_that_refuses_a_construct_is_unsupported_naming_it(dags: Path) -> None:
    victim = sorted(p.name for p in dags.iterdir())[0]
    env = {"REFPARSER_FAULT": "unsupported", "REFPARSER_FAULT_ON": victim}
    done = cli("check", "--json", "--compare", "shim,ref", "--external-backend", REF, str(dags), env=env)
    found = verdicts(done)[victim]
    assert done.returncode == 1
    assert found["verdict"] == "unsupported" and "the ref backend refused it" in found["error"], found


def test_two_backends_that_disagree_show_the_path_diff(dags: Path) -> None:
    victim = sorted(p.name for p in dags.iterdir())[0]
    env = {"REFPARSER_FAULT": "drift", "REFPARSER_FAULT_ON": victim}
    done = cli("check", "--json", "--compare", "shim,ref", "--external-backend", REF, str(dags), env=env)
    found = verdicts(done)[victim]
    assert done.returncode == 1
    expected = "mismatch" if installed_airflow() else "disagree"
    assert found["verdict"] == expected and found["summary"].startswith(expected), found
    assert any(line.endswith("/retries: 0 → 1") for line in found["diff"]), found["diff"]
    assert "shim ≠ ref backend" in found["error"] or "ref backend ≠ real Airflow" in found["error"]


def test_a_backend_speaking_another_protocol_version_is_one_line(dags: Path) -> None:
    done = cli(
        "check",
        "--compare",
        "shim,ref",
        "--external-backend",
        REF,
        str(dags),
        env={"REFPARSER_FAULT": "version"},
    )
    assert done.returncode == 2
    assert "speaks protocol version 2; this pytest-dagfidelity speaks version 1" in one_error_line(done)


def test_a_backend_command_that_does_not_exist_is_one_line(dags: Path) -> None:
    done = cli(
        "check", "--compare", "shim,ghost", "--external-backend", "ghost=/nowhere/ghost-parser", str(dags)
    )
    assert done.returncode == 2
    error = one_error_line(done)
    assert "backend 'ghost' (/nowhere/ghost-parser) cannot be started: No such file or directory" in error


def test_external_backend_names_are_checked() -> None:
    with pytest.raises(UsageError, match="'shim': that name is taken"):
        Registry({"shim": "x"})
    with pytest.raises(UsageError, match="name 'My Parser'"):
        Registry({"My Parser": "x"})
    with pytest.raises(UsageError, match="real Airflow is the referee"):
        from pytest_dagfidelity.backends.registry import parse_compare

        parse_compare("shim,airflow", Registry(), "--compare")


# -- an entry-point backend: an installed distribution registering one ---------------------------

ENTRY_MODULE = '''
from pytest_dagfidelity.backends import start_backend


class TracedShim:
    """A third-party backend: the shim, as some package would wrap its own parser."""

    def __init__(self, name, options):
        self.name = name
        self._inner = start_backend(
            "shim", target=options.target, timeout=options.timeout, memory_limit=options.memory_limit
        )

    @property
    def airflow_version(self):
        return self._inner.airflow_version

    def compile(self, path, *, file=None, import_path=(), now="2025-01-01T00:00:00+00:00"):
        return self._inner.compile(path, file=file, import_path=import_path, now=now)

    def close(self):
        self._inner.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def start(name, options):
    return TracedShim(name, options)
'''


def install_entry_point(site: Path, target: str = "tracedshim:start") -> dict[str, str]:
    """A real installed distribution (dist-info on sys.path) registering backend ``traced``."""
    site.mkdir(parents=True, exist_ok=True)
    (site / "tracedshim.py").write_text(ENTRY_MODULE)
    info = site / "tracedshim-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: tracedshim\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(f"[dagfidelity.backends]\ntraced = {target}\n")
    return {"PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")])}


def test_an_entry_point_backend_is_selected_like_a_built_in_one(tmp_path: Path) -> None:
    env = install_entry_point(tmp_path / "site")
    file = str(CORPUS / f"edge_labels__{STYLE}.py")
    shim = cli("compile", file, "--airflow-version", TARGET)
    traced = cli(
        "compile", file, "--airflow-version", TARGET, env={**env, "LEOFLOW_PARSER_BACKEND": "traced"}
    )
    assert traced.returncode == 0, traced.stderr
    assert traced.stdout == shim.stdout
    listed = cli("compile", file, "--backend", "nope", env=env)
    assert "valid values: shim, airflow, traced" in listed.stderr


def test_a_broken_entry_point_is_one_line_when_selected(tmp_path: Path) -> None:
    env = install_entry_point(tmp_path / "site", target="missing_module:start")
    file = str(CORPUS / f"edge_labels__{STYLE}.py")
    assert cli("compile", file, "--airflow-version", TARGET, env=env).returncode == 0  # unused: harmless
    done = cli("compile", file, "--backend", "traced", env=env)
    assert done.returncode == 2
    error = one_error_line(done)
    assert "backend 'traced': entry point missing_module:start cannot be loaded: ModuleNotFoundError" in error


def test_the_protocol_schema_checker_agrees_with_jsonschema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    registry = Registry()
    with registry.start(
        "shim", BackendOptions(target=TARGET)
    ) as shim:  # a worker: the shim stays out of here
        doc = shim.compile(str(CORPUS / f"edge_labels__{STYLE}.py"), file="x.py").doc
    dag_schema = schema.load("dag.schema.json")
    broken = json.loads(json.dumps(doc))
    del next(iter(broken["dags"].values()))["tasks"]
    wrong_type = {**doc, "schema_version": "1"}
    for instance, valid in ((doc, True), (broken, False), (wrong_type, False)):
        ours = schema.first_error(instance, dag_schema)
        theirs = list(jsonschema.Draft202012Validator(dag_schema).iter_errors(instance))
        assert (ours is None) == valid == (not theirs), (ours, theirs[:1])
    protocol = schema.load("backend-protocol.schema.json")
    jsonschema.Draft202012Validator.check_schema(protocol)
    response = {"$ref": "#/$defs/response", "$defs": protocol["$defs"]}
    for message, valid in (
        ({"id": "a", "ok": True, "doc": {}}, True),
        ({"id": "a", "ok": False, "error": {"type": "X", "message": "m", "origin": "dag"}}, True),
        ({"id": "a", "ok": False, "error": {"type": "X", "message": "m", "origin": "harness"}}, False),
        ({"id": "a", "ok": True}, False),
        ({"ok": True, "doc": {}}, False),
    ):
        ours = schema.first_error(message, response)
        theirs = list(jsonschema.Draft202012Validator(response).iter_errors(message))
        assert (ours is None) == valid == (not theirs), (message, ours, theirs[:1])


# -- against real Airflow, on the corpus (nox's integration sessions) ----------------------------

REPO = Path(__file__).parent.parent
PASSING = {"match", "airflow_only", "expected_failure"}


@pytest.mark.airflow
@pytest.mark.usefixtures("airflow_backend")  # skips (in CI: fails) without real Airflow
@pytest.mark.parametrize("how", ["external", "entry point"])
def test_check_holds_a_third_party_backend_to_real_airflow_on_the_corpus(tmp_path: Path, how: str) -> None:
    env = install_entry_point(tmp_path / "site")
    args = ["--backend", "ref", "--external-backend", REF] if how == "external" else ["--backend", "traced"]
    done = cli("check", "--json", *args, str(CORPUS), env=env)
    found = verdicts(done)
    assert len(found) >= 100, done.stderr
    assert {name: v["verdict"] for name, v in found.items() if v["verdict"] not in PASSING} == {}
    assert done.returncode == 0
    # Held to Airflow for real: a backend that is wrong on one file is caught there, and only there.
    victim = f"edge_labels__{STYLE}.py"
    drift = cli(
        "check",
        "--json",
        "--backend",
        "ref",
        "--external-backend",
        REF,
        str(CORPUS / victim),
        env={"REFPARSER_FAULT": "drift", "REFPARSER_FAULT_ON": victim},
    )
    assert drift.returncode == 1 and verdicts(drift)[victim]["verdict"] == "mismatch"


@pytest.mark.airflow
@pytest.mark.usefixtures("airflow_backend")  # skips (in CI: fails) without real Airflow
@pytest.mark.parametrize(
    "args",
    [
        ["--dag-fidelity-backend", "ref"],
        ["--dag-fidelity-compare", "traced,ref"],
    ],
    ids=["external", "entry point and external compared"],
)
def test_the_plugin_holds_third_party_backends_to_airflow_and_the_goldens(
    tmp_path: Path, args: list[str]
) -> None:
    env = install_entry_point(tmp_path / "site")
    done = plugin("-o", f"dag_fidelity_external_backends={REF}", *args, env=env, cwd=REPO)
    tail = done.stdout.strip().splitlines()[-12:]
    assert done.returncode == 0, "\n".join(tail)
    counts = next(line for line in done.stdout.splitlines() if line.startswith(f"Airflow {TARGET}:"))
    assert int(counts.split(":")[1].split()[0]) >= 100 and "mismatch" not in counts, counts
    header = next(line for line in done.stdout.splitlines() if line.startswith("dag-fidelity:"))
    assert ("comparing traced, ref" if "traced" in args[1] else "backend ref") in header


def test_docs_carry_the_protocol_schema_as_shipped() -> None:
    text = (REPO / "docs" / "backends.md").read_text()
    block = text.split("```json\n", 1)[1].split("\n```", 1)[0]
    assert json.loads(block) == schema.load("backend-protocol.schema.json")


def test_check_refuses_to_compare_airflow_with_itself(dags: Path) -> None:
    done = cli("check", "--backend", "airflow", str(dags))
    assert done.returncode == 2
    assert "the airflow backend would be compared with itself" in one_error_line(done)
    both = cli("check", "--backend", "shim", "--compare", "shim,ref", "--external-backend", REF, str(dags))
    assert both.returncode == 2 and "--compare names the backends compared" in one_error_line(both)
