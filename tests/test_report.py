"""The reports: the HTML matrix holds the results, SARIF validates, markdown counts, `dagfidelity report`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from pytest_dagfidelity.report.graph import layout, svg
from pytest_dagfidelity.report.html import render_html
from pytest_dagfidelity.report.markdown import append_step_summary, render_markdown
from pytest_dagfidelity.report.model import DagResult, Report, read_results
from pytest_dagfidelity.report.sarif import render_sarif
from pytest_dagfidelity.report.verdicts import VERDICT_STYLES, style
from pytest_dagfidelity.upgrade import golden_outcome, upgrade_of

from .conftest import CORPUS, RESOURCES, unavailable

ROOT = CORPUS.parent
GOLDENS = ROOT / "goldens"
SARIF_SCHEMA = RESOURCES / "sarif" / "sarif-schema-2.1.0.json"
# Two corpus files: one that stops parsing on 3.0 (schedule_interval__af2), one that parses on all.
FILES = ("schedule_interval__af2", "edge_labels__af2")


@pytest.fixture(scope="module")
def goldens(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the real goldens of two corpus files, every version."""
    root = tmp_path_factory.mktemp("goldens")
    for version_dir in GOLDENS.iterdir():
        for stem in FILES:
            source = version_dir / "corpus" / stem
            if source.is_dir():
                shutil.copytree(source, root / version_dir.name / "corpus" / stem)
    return root


def results_for(goldens: Path, version: str) -> list[dict[str, Any]]:
    """`check --json`-shaped lines: a different verdict on each DAG, so a misplaced cell shows."""
    verdicts = [s.name for s in VERDICT_STYLES]
    lines = []
    for i, stem in enumerate(FILES):
        folder = goldens / version / "corpus" / stem
        ids = sorted(p.stem for p in folder.glob("*.json") if p.stem != "@error")
        lines.append(
            {
                "path": f"corpus/{stem}.py",
                "file": f"corpus/{stem}.py",
                "dag_ids": ids,
                "verdict": verdicts[(i * 5 + len(ids)) % len(verdicts)],
                "airflow_version": version,
                "diff": [f"dags/{ids[0]}/tasks/x/retries: 0 → 1"] if ids else [],
                "error": None if ids else "TypeError: unexpected keyword argument 'schedule_interval'",
                "line": None if ids else 17,
            }
        )
    return lines


class Cells(HTMLParser):
    """The matrix's cells, as (file, dag, version or pair) → attributes and text."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: dict[tuple[str, str, str], dict[str, str]] = {}
        self.row: dict[str, str] = {}
        self.current: dict[str, str] | None = None
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.scripts = 0
        self.remote: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and a.get("href", "").startswith("#"):
            self.links.append(a["href"][1:])
        if tag == "script":
            self.scripts += 1
        for key in ("src", "href"):
            if a.get(key, "").startswith(("http:", "https:", "//")):
                self.remote.append(a[key])
        if tag == "tr" and "data-file" in a:
            self.row = a
        if tag == "td" and ("data-version" in a or "data-pair" in a):
            self.current = dict(a, text="")
            where = a.get("data-version") or a["data-pair"]
            self.cells[self.row["data-file"], self.row["data-dag"], where] = self.current

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self.current = None

    def handle_data(self, data: str) -> None:
        if self.current is not None:
            self.current["text"] += data


def test_the_html_matrix_holds_every_result_and_golden(goldens: Path, tmp_path: Path) -> None:
    lines = results_for(goldens, "3.3") + results_for(goldens, "2.11")
    results_file = tmp_path / "results.jsonl"
    results_file.write_text("".join(json.dumps(line) + "\n" for line in lines))
    results = read_results(results_file)
    report = Report.from_goldens(goldens, results)
    page = Cells()
    page.feed(render_html(report))
    assert page.scripts == 0 and page.remote == []  # self-contained: opens from disk, offline
    checked = 0
    for line in lines:
        # A verdict on a file that yields no DAG stands in every row of that file.
        rows = line["dag_ids"] or [d for (f, d, _) in page.cells if f == line["file"]]
        for dag_id in rows:
            cell = page.cells[line["file"], dag_id, line["airflow_version"]]
            assert cell["data-verdict"] == line["verdict"] and cell["text"] == line["verdict"]
            assert style(line["verdict"]).colour in cell["style"]
            checked += 1
    assert checked >= 3
    # Versions without a result show what real Airflow's golden says.
    for version_dir in goldens.iterdir():
        for stem in FILES:
            error = (version_dir / "corpus" / stem / "@error.json").exists()
            for golden in (version_dir / "corpus" / stem).glob("*.json"):
                dag_id = "" if golden.stem == "@error" else golden.stem
                for (file, dag, where), cell in page.cells.items():
                    if file == f"corpus/{stem}.py" and where == version_dir.name and (dag == dag_id or error):
                        assert cell["data-golden"] == ("error" if error else "dag"), (file, dag, where)
    # Every link lands on something, and the stop-parsing upgrade cell says so.
    assert set(page.links) <= page.ids
    stops = [
        c
        for (f, _, w), c in page.cells.items()
        if f == "corpus/schedule_interval__af2.py" and w == "2.11-3.0"
    ]
    assert stops and all(c["text"] == "✗" and int(c["data-changes"]) == 1 for c in stops)


def test_the_html_draws_each_dag_and_highlights_what_an_upgrade_changes(goldens: Path) -> None:
    report = Report.from_goldens(goldens)
    page = render_html(report)
    assert page.count("<svg") == len([r for r in report.rows if report.newest_dag(r) is not None]) > 0
    row = next(r for r in report.rows if r.file == "corpus/edge_labels__af2.py")
    touched = report.touched_tasks(row)
    assert touched  # operators move module between 2.11 and 3.0
    picture = svg(report.newest_dag(row)[1], touched=touched)  # type: ignore[index]
    assert all(f'class="task touched" data-task="{t}"' in picture for t in touched)


def test_edges_an_upgrade_adds_or_removes_are_drawn_apart() -> None:
    from pytest_dagfidelity.upgrade import Outcome

    def dag(edges: list[tuple[str, str]]) -> dict[str, Any]:
        ids = ["a", "b", "c"]
        return {
            "dag_id": "d",
            "tasks": {
                t: {
                    "upstream": [u for u, d in edges if d == t],
                    "downstream": [d for u, d in edges if u == t],
                }
                for t in ids
            },
        }

    up = upgrade_of(
        "x.py", "x.py", "2.11", "3.3", Outcome({"d": dag([("a", "b")])}), Outcome({"d": dag([("a", "c")])})
    )
    report = Report.from_upgrades([up])
    (row,) = report.rows
    added, removed = report.changed_edges(row)
    assert (added, removed) == ({("a", "c")}, {("a", "b")})
    page = render_html(report)
    assert '<path class="added"' in page and '<path class="removed"' in page
    assert report.touched_tasks(row) == {"a", "b", "c"}


def test_the_layout_puts_each_task_after_its_upstream_tasks() -> None:
    tasks = {
        "a": {"upstream": [], "downstream": ["b", "c"]},
        "b": {"upstream": ["a"], "downstream": ["d"]},
        "c": {"upstream": ["a"], "downstream": ["d"]},
        "d": {"upstream": ["b", "c"], "downstream": []},
    }
    lay = layout(tasks)
    for task_id, task in tasks.items():
        for up in task["upstream"]:
            assert lay.positions[up][0] < lay.positions[task_id][0]
    assert len(set(lay.positions.values())) == len(tasks)  # no two tasks on one spot


def test_the_sarif_validates_against_the_sarif_2_1_0_schema(goldens: Path) -> None:
    import jsonschema

    results = [r for line in results_for(goldens, "3.3") for r in DagResult.from_json(line)]
    # An upgrade asked about (2.11 → 3.0, where schedule_interval__af2 stops parsing), from the goldens.
    asked = [
        upgrade_of(f, f, "2.11", "3.0", golden_outcome(goldens, "2.11", f), golden_outcome(goldens, "3.0", f))  # type: ignore[arg-type]
        for f in (f"corpus/{stem}.py" for stem in FILES)
    ]
    history_only = render_sarif(Report.from_goldens(goldens, results), source_root=ROOT)
    assert not [r for r in history_only["runs"][0]["results"] if r["ruleId"].startswith("upgrade/")]
    doc = render_sarif(Report.from_goldens(goldens, results, upgrades=asked), source_root=ROOT)
    schema = json.loads(SARIF_SCHEMA.read_text())
    jsonschema.Draft7Validator.check_schema(schema)
    for checked in (history_only, doc):
        jsonschema.validate(checked, schema, cls=jsonschema.Draft7Validator)
    found = doc["runs"][0]["results"]
    rules = {r["id"] for r in doc["runs"][0]["tool"]["driver"]["rules"]}
    assert found and {r["ruleId"] for r in found} <= rules
    breaks = [r for r in found if r["ruleId"] == "upgrade/stops_parsing"]
    assert breaks and all(r["level"] == "error" for r in breaks)
    located = [r["locations"][0]["physicalLocation"] for r in found]
    assert all(loc["artifactLocation"]["uri"].startswith("corpus/") for loc in located)
    assert any(loc.get("region", {}).get("startLine") for loc in located)


def test_the_markdown_counts_verdicts_and_upgrade_changes(
    goldens: Path, monkeypatch: Any, tmp_path: Path
) -> None:
    lines = results_for(goldens, "3.3")
    results = [r for line in lines for r in DagResult.from_json(line)]
    report = Report.from_goldens(goldens, results)
    text = render_markdown(report)
    assert "| 2.11 → 3.0 |" in text and "| 3.3 |" in text
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert append_step_summary(report) and summary.read_text() == text
    monkeypatch.delenv("GITHUB_STEP_SUMMARY")
    assert not append_step_summary(report)


def test_the_verdict_table_shows_exactly_the_verdicts_the_verdict_module_decides() -> None:
    from pytest_dagfidelity.verdict import PASSED, XFAILED, Verdict

    assert {s.name for s in VERDICT_STYLES} == {v.value for v in Verdict}
    assert {s.name for s in VERDICT_STYLES if s.outcome == "pass"} == {v.value for v in PASSED}
    assert {s.name for s in VERDICT_STYLES if s.outcome == "xfail"} == {v.value for v in XFAILED}


def test_old_verdict_names_are_shown_as_their_new_ones() -> None:
    assert style("shim_error").name == "unsupported" and style("airflow_error").name == "environment_error"
    (result,) = DagResult.from_json({"path": "x.py", "dag_ids": ["d"], "verdict": "shim_error"})
    assert result.verdict == "unsupported"


def test_the_report_command_builds_the_html_from_goldens_and_check_lines(
    goldens: Path, tmp_path: Path
) -> None:
    results = tmp_path / "check.jsonl"
    results.write_text("".join(json.dumps(line) + "\n" for line in results_for(goldens, "3.3")))
    out, sarif = tmp_path / "report.html", tmp_path / "report.sarif"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest_dagfidelity.cli",
            "report",
            str(results),
            "--goldens",
            str(goldens),
            "-o",
            str(out),
            "--sarif",
            str(sarif),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    page = Cells()
    page.feed(out.read_text())
    assert {w for (_, _, w) in page.cells} >= {"2.9", "3.3", "3.2-3.3"}
    assert json.loads(sarif.read_text())["version"] == "2.1.0"


def test_upgrade_writes_sarif_that_validates(tmp_path: Path) -> None:
    import jsonschema

    out = tmp_path / "upgrade.sarif"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest_dagfidelity.cli",
            "upgrade",
            "--from",
            "2.11",
            "--to",
            "3.3",
            "corpus/schedule_interval__af2.py",
            "corpus/schedules__af2.py",
            "--sarif",
            str(out),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 1, done.stderr
    doc = json.loads(out.read_text())
    jsonschema.validate(doc, json.loads(SARIF_SCHEMA.read_text()), cls=jsonschema.Draft7Validator)
    (stop,) = [r for r in doc["runs"][0]["results"] if r["ruleId"] == "upgrade/stops_parsing"]
    location = stop["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "corpus/schedule_interval__af2.py"
    assert location["region"]["startLine"] >= 1 and "schedule_interval" in stop["message"]["text"]


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if found is None:
        reason = "headless Chromium is not installed (Debian: apt-get install chromium)"
        unavailable("the browser check", reason)
    return found


def test_headless_chromium_renders_the_corpus_report(tmp_path: Path) -> None:
    """The real thing: the report of the whole corpus, rendered by a browser to a picture and to DOM."""
    browser = chromium()
    out = tmp_path / "report.html"
    report = Report.from_goldens(GOLDENS)
    out.write_text(render_html(report), encoding="utf-8")
    env = {**os.environ, "HOME": str(tmp_path)}
    common = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]
    shot = tmp_path / "shot.png"
    subprocess.run(
        [*common, "--window-size=1200,800", f"--screenshot={shot}", out.as_uri()],
        capture_output=True,
        timeout=180,
        env=env,
        check=False,
    )
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    dom = subprocess.run(
        [*common, "--dump-dom", out.as_uri()],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
        check=False,
    )
    page = Cells()
    page.feed(dom.stdout)  # the browser's DOM, not our text: it parsed the matrix as we meant it
    rows = {(f, d) for (f, d, _) in page.cells}
    assert len(rows) == len(report.rows)
    assert len(page.cells) == len(report.rows) * (len(report.versions) + len(report.pairs))
