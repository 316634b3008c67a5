"""diff: changes as paths, DAG-level causes first, edges as sets."""

from __future__ import annotations

from pytest_dagfidelity.diff import diff


def dag(schedule: str, edges: dict[str, list[str]], rule: str = "all_success") -> dict[str, object]:
    tasks = {t: {"downstream": sorted(d), "upstream": [], "trigger_rule": rule} for t, d in edges.items()}
    return {"dag_id": "d", "schedule": {"cron": schedule}, "default_args": {}, "tasks": tasks}


def test_a_rewired_edge_is_one_line_each_way_not_shifted_list_positions() -> None:
    before = dag("@daily", {"wait_for_file": ["settle"], "settle": [], "archive": []})
    after = dag("@daily", {"wait_for_file": [], "settle": ["archive"], "archive": []})
    changes = diff(before, after)
    assert changes.lines == ["+ settle >> archive", "- wait_for_file >> settle"]
    assert changes.total == 2


def test_dag_level_causes_come_before_task_level_effects() -> None:
    before = dag("@daily", {"a": ["b"], "b": []})
    after = dag("@hourly", {"a": [], "b": ["a"]}, rule="all_done")
    lines = diff(before, after).lines
    assert lines[0] == 'schedule/cron: "@daily" → "@hourly"'
    assert lines.index("+ b >> a") < lines.index('tasks/a/trigger_rule: "all_success" → "all_done"')


def test_file_documents_name_the_dag_of_an_edge() -> None:
    before = {"dags": {"x": dag("@daily", {"a": ["b"], "b": []})}}
    after = {"dags": {"x": dag("@daily", {"a": [], "b": []})}}
    assert diff(before, after).lines == ["dags/x: - a >> b"]


def test_long_diffs_are_capped_with_a_count() -> None:
    before = dag("@daily", {f"t{i}": [] for i in range(50)})
    after = dag("@daily", {f"t{i}": [] for i in range(50)}, rule="all_done")
    changes = diff(before, after, limit=10)
    assert (
        changes.total == 50
        and len(changes.lines) == 11
        and changes.lines[-1] == "... and 40 more differences"
    )
