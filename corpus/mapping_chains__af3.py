# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
"""Mapping chains: map over mapped output, zip of three XComArgs, mapped group with partial and a reduce."""

import pendulum
from airflow.providers.standard.operators.bash import BashOperator
from airflow.sdk import dag, task, task_group


@dag(start_date=pendulum.datetime(2024, 1, 1, tz="UTC"), schedule="@daily", catchup=False)
def mapping_chains__af3():
    @task
    def list_buckets():
        return ["raw", "staged", "curated"]

    @task
    def list_keys(bucket):
        return [f"{bucket}/a", f"{bucket}/b"]

    @task
    def count(keys):
        return len(keys)

    @task
    def size_of(key):
        return len(key)

    @task(max_active_tis_per_dagrun=2)
    def checksum(key, algorithm="md5"):
        return f"{algorithm}:{key}"

    @task
    def owners():
        return ["ann", "ben", "cid"]

    @task
    def priorities():
        return [1, 2, 3]

    @task
    def assign(triple):
        bucket, owner, priority = triple
        return {"bucket": bucket, "owner": owner, "priority": priority}

    @task
    def report(items):
        return list(items)

    buckets = list_buckets()
    # map -> map: each mapped instance's output feeds the next mapped task
    keys = list_keys.expand(bucket=buckets)
    counts = count.expand(keys=keys)
    checksum.partial(algorithm="sha256").expand(key=keys.map(lambda ks: ks[0]))
    report(counts)

    # zip of three XComArgs
    assigned = assign.expand(triple=buckets.zip(owners(), priorities()))
    report.override(task_id="report_assignments")(assigned)

    # classic operator mapped over a mapped task's output
    BashOperator.partial(task_id="echo_size", do_xcom_push=False).expand(
        bash_command=size_of.expand(key=["x", "yy", "zzz"]).map(lambda n: f"echo {n}")
    )

    @task_group
    def per_bucket(bucket, dry_run):
        @task
        def scan(b, dry):
            return [b] if not dry else []

        @task
        def fix(found):
            return found

        fixed = fix(scan(bucket, dry_run))
        return fixed

    per_bucket_results = per_bucket.partial(dry_run=True).expand(bucket=buckets)
    report.override(task_id="report_fixes")(per_bucket_results)


mapping_chains__af3()
