"""Check the real-world DAG set (``manifest.json``) against real Airflow, and summarise it.

The files are not in this repository (see the manifest's licences). Fetch each repository
yourself (a clone, or a bare mirror, of ``https://github.com/<repo>``) into one folder, as
``<folder>/<owner>+<name>/repo`` or ``<folder>/<owner>/<name>``, then::

    python tools/realworld/check.py materialise --mirrors /work/.mirror --out /tmp/rw-files
    python tools/realworld/check.py run --files /tmp/rw-files --airflow-python /tmp/rw-3.3/bin/python \
        --json-out /tmp/rw-3.3.jsonl
    python tools/realworld/check.py summary /tmp/rw-3.3.jsonl

``materialise`` writes every file of each pinned commit (helpers, SQL and config files next to
the DAGs included) under ``<out>/<owner>__<name>/``. ``run`` calls ``dagfidelity check --json``
(from the Airflow venv, which has this package installed with ``-e``) on the manifest's files.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile
from typing import Any

HERE = os.path.dirname(os.path.abspath(__file__))


def load_manifest(batch: str | None = None) -> dict[str, Any]:
    """The manifest; with ``batch``, only the files collected in that batch (a fresh, unseen set)."""
    with open(os.path.join(HERE, "manifest.json"), encoding="utf-8") as fh:
        manifest: dict[str, Any] = json.load(fh)
    if batch is not None:
        manifest["files"] = [f for f in manifest["files"] if f.get("batch") == batch]
        if not manifest["files"]:
            raise SystemExit(f"no manifest file is in batch {batch!r}")
    return manifest


def _slug(repo: str, commit: str) -> str:
    # One folder per pinned commit: a repository may be pinned at several (one per branch).
    return f"{repo.replace('/', '__')}@{commit[:12]}"


def _git_dir(mirrors: str, repo: str) -> str:
    owner, name = repo.split("/")
    for candidate in (os.path.join(mirrors, f"{owner}+{name}", "repo"), os.path.join(mirrors, owner, name)):
        if os.path.isdir(candidate):
            return candidate
    raise SystemExit(f"{repo}: not found under {mirrors} (expected {owner}+{name}/repo or {owner}/{name})")


def materialise(mirrors: str, out: str, batch: str | None) -> None:
    manifest = load_manifest(batch)
    commits = {(f["repo"], f["commit"]) for f in manifest["files"]}
    for repo, commit in sorted(commits):
        target = os.path.join(out, _slug(repo, commit))
        os.makedirs(target, exist_ok=True)
        git = _git_dir(mirrors, repo)
        listing = subprocess.run(
            ["git", "-C", git, "ls-tree", "-r", "-z", commit], check=True, capture_output=True, text=True
        ).stdout
        for item in filter(None, listing.split("\0")):
            meta, path = item.split("\t", 1)
            _mode, kind, blob = meta.split()
            if kind != "blob":
                continue
            # A snapshot may leave its largest blobs out (data files); DAG code is never among them.
            content = subprocess.run(["git", "-C", git, "cat-file", "blob", blob], capture_output=True)
            if content.returncode != 0:
                continue
            dest = os.path.join(target, path)
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            with open(dest, "wb") as fh:
                fh.write(content.stdout)
        print(f"{repo}@{commit[:12]} -> {target}")


def run(files: str, airflow_python: str, json_out: str, timeout: int, batch: str | None) -> None:
    manifest = load_manifest(batch)
    paths = [os.path.join(files, _slug(f["repo"], f["commit"]), f["path"]) for f in manifest["files"]]
    missing = [p for p in paths if not os.path.exists(p)]
    if missing:
        raise SystemExit(f"{len(missing)} files missing (run materialise first), e.g. {missing[0]}")
    bindir = os.path.dirname(airflow_python)
    command = [os.path.join(bindir, "dagfidelity"), "check", "--json", "--timeout", str(timeout)]
    # One AIRFLOW_HOME for both backends, as a deployment has one: files that build paths from
    # it (template_searchpath=f"{AIRFLOW_HOME}/include") then see the same value in both.
    home = tempfile.mkdtemp(prefix="realworld-airflow-home-")
    env = {**os.environ, "PYTHONHASHSEED": "0", "AIRFLOW_HOME": home}
    try:
        _run(command, manifest, paths, json_out, env)
    finally:
        shutil.rmtree(home, ignore_errors=True)


def _run(
    command: list[str], manifest: dict[str, Any], paths: list[str], json_out: str, env: dict[str, str]
) -> None:
    with open(json_out, "w", encoding="utf-8") as out:
        # One call per pinned commit keeps the DAG-id clash rule inside one DAG folder.
        by_repo: dict[tuple[str, str], list[str]] = collections.defaultdict(list)
        for entry, path in zip(manifest["files"], paths, strict=True):
            by_repo[(entry["repo"], entry["commit"])].append(path)
        for (repo, _commit), repo_paths in sorted(by_repo.items()):
            done = subprocess.run([*command, *repo_paths], capture_output=True, text=True, env=env)
            for line in done.stdout.splitlines():
                if line.startswith("{"):
                    record = json.loads(line)
                    record["repo"] = repo
                    out.write(json.dumps(record, sort_keys=True) + "\n")
            print(f"{repo}: {len(repo_paths)} files checked", file=sys.stderr)


def classify(record: dict[str, object]) -> str:
    """match / mismatch / refused / airflow cannot parse (Airflow rejects the file, or lacks its
    environment; no DAG; a duplicate dag_id). A mismatch counts wherever it is (two different
    rejections too): the shim disagreed with Airflow."""
    verdict = str(record["verdict"])
    if verdict == "match":
        error = record.get("error") or ""
        return "airflow cannot parse" if str(error).startswith("both rejected") else "match"
    if verdict in ("unsupported", "shim_error"):  # shim_error: the verdict's name before 2026-11
        return "refused"
    if verdict == "mismatch":
        return "mismatch"
    return "airflow cannot parse"


def batch_of(record: dict[str, Any], batches: dict[tuple[str, str, str], str]) -> str:
    """The manifest batch a record's file belongs to (``first set`` for files without one)."""
    # Materialised as <out>/<owner>__<name>@<commit[:12]>/<path in the repository>.
    path = str(record["path"]).replace(os.sep, "/")
    marker = "/" + str(record["repo"]).replace("/", "__") + "@"
    commit, rel = path.split(marker, 1)[1].split("/", 1)
    return batches[(str(record["repo"]), commit, rel)]


def summary(json_path: str, details: bool, by_batch: bool = False) -> None:
    records = [json.loads(line) for line in open(json_path, encoding="utf-8") if line.strip()]
    version = records[0]["airflow_version"] if records else "?"
    groups: dict[str, list[dict[str, Any]]] = {"all": records}
    if by_batch:
        entries = load_manifest()["files"]
        batches = {(f["repo"], f["commit"][:12], f["path"]): f.get("batch") or "first set" for f in entries}
        for r in records:
            groups.setdefault(batch_of(r, batches), []).append(r)
    head = "| Airflow | files | parsed by Airflow | match | mismatch | refused | match among parsed |"
    print(head.replace("| Airflow |", "| Airflow | batch |") if by_batch else head)
    for name, group in sorted(groups.items(), key=lambda kv: (kv[0] != "all", kv[0])):
        counts = collections.Counter(classify(r) for r in group)
        parsed = counts["match"] + counts["mismatch"] + counts["refused"]
        rate = f"{100 * counts['match'] / parsed:.1f}%" if parsed else "-"
        label = f"{version} | {name}" if by_batch else version
        print(
            f"| {label} | {len(group)} | {parsed} | {counts['match']} | {counts['mismatch']} | "
            f"{counts['refused']} | {rate} |"
        )
    if details:
        for r in records:
            kind = classify(r)
            if kind in ("mismatch", "refused", "airflow cannot parse"):
                text = r.get("error") or json.dumps(r.get("diff"))[:300]
                print(f"{kind:22} {r['path']}: {str(text)[:400]}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    m = sub.add_parser("materialise", help="write the pinned files from fetched repositories")
    m.add_argument("--mirrors", required=True)
    m.add_argument("--out", required=True)
    m.add_argument("--batch", help="only the files of this manifest batch")
    r = sub.add_parser("run", help="dagfidelity check --json on every manifest file")
    r.add_argument("--files", required=True)
    r.add_argument("--airflow-python", required=True)
    r.add_argument("--json-out", required=True)
    r.add_argument("--timeout", type=int, default=30)
    r.add_argument("--batch", help="only the files of this manifest batch")
    s = sub.add_parser("summary", help="the fidelity table row, and with --details every file not matched")
    s.add_argument("json_path")
    s.add_argument("--details", action="store_true")
    s.add_argument("--by-batch", action="store_true", help="a row per manifest batch, after the whole")
    args = parser.parse_args()
    if args.command == "materialise":
        materialise(args.mirrors, args.out, args.batch)
    elif args.command == "run":
        run(args.files, args.airflow_python, args.json_out, args.timeout, args.batch)
    else:
        summary(args.json_path, args.details, args.by_batch)


if __name__ == "__main__":
    main()
