# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
"""Sensors defined in the DAG file: BaseSensorOperator subclasses, own defaults, deferral, mapping."""

import datetime
from collections.abc import Sequence

import pendulum
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.providers.standard.triggers.temporal import TimeDeltaTrigger
from airflow.sdk import DAG, BaseSensorOperator


class PartitionSensor(BaseSensorOperator):
    """Wait until a table partition exists."""

    template_fields: Sequence[str] = ("table", "partition")
    ui_color = "#e6f2ff"

    def __init__(
        self, *, table: str, partition: str = "ds={{ ds }}", metastore_conn_id: str = "metastore", **kwargs
    ):
        kwargs.setdefault("mode", "reschedule")
        kwargs.setdefault("poke_interval", 300)
        super().__init__(**kwargs)
        self.table = table
        self.partition = partition
        self.metastore_conn_id = metastore_conn_id

    def poke(self, context):
        return bool(self.table and self.partition)


class CooldownSensor(BaseSensorOperator):
    """Defers to a timer trigger instead of poking."""

    def __init__(self, *, cooldown: datetime.timedelta = datetime.timedelta(minutes=5), **kwargs):
        super().__init__(**kwargs)
        self.cooldown = cooldown

    def execute(self, context):
        self.defer(trigger=TimeDeltaTrigger(self.cooldown), method_name="execute_complete")

    def execute_complete(self, context, event=None):
        return None


with DAG(
    dag_id="custom_sensor__af3",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    schedule="@daily",
    catchup=False,
    default_args={"metastore_conn_id": "metastore_prod", "timeout": 6 * 3600},
):
    orders = PartitionSensor(task_id="orders_partition", table="warehouse.orders")
    poke_mode = PartitionSensor(
        task_id="customers_partition",
        table="warehouse.customers",
        partition="ds={{ ds }}/hour=23",
        mode="poke",
        poke_interval=60,
        exponential_backoff=True,
        soft_fail=True,
    )
    cooldown = CooldownSensor(task_id="cooldown", cooldown=datetime.timedelta(minutes=1))
    mapped = PartitionSensor.partial(task_id="many_partitions", timeout=600).expand(
        table=["warehouse.clicks", "warehouse.views"]
    )
    [orders, poke_mode] >> cooldown >> mapped >> EmptyOperator(task_id="ready")
