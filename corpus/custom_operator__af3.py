# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
"""Operators defined in the DAG file: template fields, own args from default_args, subclass, mapped."""

import datetime
from collections.abc import Sequence

import pendulum
from airflow.providers.standard.operators.bash import BashOperator
from airflow.sdk import DAG, BaseOperator


class CopyTableOperator(BaseOperator):
    """Copy one table to another; `source` and `target` are templated."""

    template_fields: Sequence[str] = ("source", "target", "where", "options")
    template_ext: Sequence[str] = (".sql",)
    template_fields_renderers = {"where": "sql", "options": "json"}
    ui_color = "#f0e4ec"
    ui_fgcolor = "#000000"

    def __init__(
        self,
        *,
        source: str,
        target: str,
        where: str = "1=1",
        options: dict | None = None,
        warehouse_conn_id: str = "warehouse_default",
        chunk_size: int = 1000,
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        self.source = source
        self.target = target
        self.where = where
        self.options = options or {}
        self.warehouse_conn_id = warehouse_conn_id
        self.chunk_size = chunk_size

    def execute(self, context):
        return f"copied {self.source} -> {self.target}"


class AuditedBashOperator(BashOperator):
    """A BashOperator that adds an audit field and templates it too."""

    template_fields: Sequence[str] = (*BashOperator.template_fields, "audit_tag")

    def __init__(self, *, audit_tag: str = "{{ run_id }}", **kwargs) -> None:
        super().__init__(**kwargs)
        self.audit_tag = audit_tag


with DAG(
    dag_id="custom_operator__af3",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    schedule="@daily",
    catchup=False,
    default_args={
        "owner": "warehouse",
        "retries": 2,
        "warehouse_conn_id": "warehouse_prod",  # an argument of CopyTableOperator only
        "chunk_size": 5000,
    },
):
    copy_orders = CopyTableOperator(
        task_id="copy_orders",
        source="raw.orders_{{ ds_nodash }}",
        target="clean.orders",
        where="day = '{{ ds }}'",
        options={"truncate": True, "day": "{{ ds }}"},
    )
    copy_small = CopyTableOperator(
        task_id="copy_small",
        source="raw.refunds",
        target="clean.refunds",
        chunk_size=10,
        execution_timeout=datetime.timedelta(minutes=10),
    )
    copy_many = CopyTableOperator.partial(
        task_id="copy_many", target="clean.events", warehouse_conn_id="warehouse_events"
    ).expand(source=["raw.clicks", "raw.views", "raw.sessions"])
    copy_pairs = CopyTableOperator.partial(task_id="copy_pairs", retries=0).expand_kwargs(
        [{"source": "raw.a", "target": "clean.a"}, {"source": "raw.b", "target": "clean.b", "where": "x > 1"}]
    )
    audited = AuditedBashOperator(
        task_id="audited", bash_command="echo {{ ds }}", audit_tag="manual-{{ ds }}"
    )

    copy_orders >> copy_small >> [copy_many, copy_pairs] >> audited
