"""Under pytest-xdist the workers collect; what discovery must not read still fails the run."""

from __future__ import annotations

import pytest

from .conftest import STYLE, Project


def test_under_xdist_files_discovery_must_not_read_fail_the_run(project: Project) -> None:
    """The workers collect; the controller walks the folders itself, names each file it must
    not read, and fails the run (which would otherwise pass on what the workers checked)."""
    pytest.importorskip("xdist")
    from ..test_discovery import UNREADABLE, make_unreadable

    project.add_corpus_file(f"edge_labels__{STYLE}.py")
    make_unreadable(project.dags)
    result = project.run("--dag-fidelity", "-n", "2")
    assert result.ret == pytest.ExitCode.TESTS_FAILED, result.stdout.str()
    out = result.stdout.str()
    for name, reason in UNREADABLE.items():
        assert any(name in line and reason in line and "not checked" in line for line in out.splitlines()), (
            name
        )
    assert "failed" not in out.splitlines()[-1]  # the items themselves passed: it is the files left out
