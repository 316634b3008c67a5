# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
# dagfidelity: expect-failure >=3.0,<=3.2 raises=ImportError uses what this Airflow version does not have
"""Partitioned scheduling (Airflow 3.2+): CronPartitionTimetable, PartitionedAssetTimetable
with a default mapper and per-asset mappers, PartitionedAtRuntime, and @asset on a
partition schedule."""

from airflow.sdk import (
    DAG,
    Asset,
    CronPartitionTimetable,
    IdentityMapper,
    PartitionedAssetTimetable,
    PartitionedAtRuntime,
    ProductMapper,
    StartOfDayMapper,
    StartOfHourMapper,
    asset,
    task,
)

hourly = Asset(uri="file://incoming/hourly.csv", name="partitioned_assets__af3__hourly")
regional = Asset(uri="file://incoming/regional.csv", name="partitioned_assets__af3__regional")

with DAG(
    dag_id="partitioned_assets__af3__ingest",
    schedule=CronPartitionTimetable("0 * * * *", timezone="UTC"),
    catchup=False,
):

    @task(outlets=[hourly])
    def ingest():
        return None

    ingest()


@asset(
    uri="file://incoming/late.csv",
    schedule=CronPartitionTimetable("30 2 * * *", timezone="Europe/Amsterdam", run_offset=1),
)
def partitioned_assets__af3__late():
    return None


with DAG(dag_id="partitioned_assets__af3__runtime", schedule=PartitionedAtRuntime(), catchup=False):

    @task(outlets=[regional])
    def by_region():
        return None

    by_region()

with DAG(
    dag_id="partitioned_assets__af3__daily",
    schedule=PartitionedAssetTimetable(
        assets=hourly & regional & Asset.ref(name="partitioned_assets__af3__late"),
        default_partition_mapper=StartOfDayMapper(),
        partition_mapper_config={
            hourly: StartOfHourMapper(),
            regional: ProductMapper(IdentityMapper(), StartOfDayMapper()),
        },
    ),
    catchup=False,
):

    @task
    def aggregate(dag_run=None):
        return None

    aggregate()
