"""--dag-fidelity-shard K/N and check --shard: the shards partition the items exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from pytest_dagfidelity.check import iter_dag_files
from pytest_dagfidelity.exceptions import UsageError
from pytest_dagfidelity.shard import Shard

from ..conftest import CORPUS
from .conftest import STYLE, TARGET, Project


def node_ids(project: Project, *args: str) -> list[str]:
    result = project.run("--dag-fidelity", "--collect-only", "-q", *args)
    assert result.ret == 0, result.stdout.str()
    return [line for line in result.stdout.lines if "::" in line]


def test_the_shards_partition_the_items_exactly(project: Project) -> None:
    for path in sorted(CORPUS.glob(f"*__{STYLE}.py"))[:15]:
        project.add_corpus_file(path.name, with_goldens=False)
    everything = node_ids(project)
    assert len(everything) >= 15
    shards = [node_ids(project, "--dag-fidelity-shard", f"{k}/3") for k in (1, 2, 3)]
    assert sorted(i for shard in shards for i in shard) == sorted(everything)  # no item lost or doubled
    assert all(shards), [len(s) for s in shards]  # 15 files over 3 shards: none is empty here
    for shard in shards:  # a file's DAGs stay together: it is parsed by one job only
        files = {i.split("::")[0] for i in shard}
        assert not files & {i.split("::")[0] for other in shards if other is not shard for i in other}


def test_check_shards_files_the_same_way(tmp_path: Path) -> None:
    everything = list(iter_dag_files([str(CORPUS)], TARGET, project_root=CORPUS.parent))
    parts = [list(iter_dag_files([str(CORPUS)], TARGET, Shard(k, 4), CORPUS.parent)) for k in (1, 2, 3, 4)]
    assert sorted(f for part in parts for f in part) == sorted(everything)
    assert sum(len(p) for p in parts) == len(everything)


def test_a_bad_shard_is_a_usage_error(project: Project) -> None:
    for spec in ("0/3", "4/3", "two", "1/0"):
        result = project.run("--dag-fidelity", "--dag-fidelity-shard", spec)
        assert result.ret == pytest.ExitCode.USAGE_ERROR
        result.stderr.fnmatch_lines([f"*--dag-fidelity-shard / dag_fidelity_shard '{spec}': write K/N*"])
    with pytest.raises(UsageError):
        Shard.parse("3/2", "--shard")
