# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
# dagfidelity: expect-failure 3.0 raises=ImportError uses what this Airflow version does not have
"""Variables and connections read while the file is parsed (Airflow 3 style: airflow.sdk): the environment
(AIRFLOW_VAR_* / AIRFLOW_CONN_*, set by the file itself so the corpus needs no setup), else the
default. No metadata database is involved, as in a DAG processor that has none."""

import os

import pendulum
from airflow.sdk import DAG, BaseHook, Connection, Variable
from airflow.providers.standard.operators.bash import BashOperator

os.environ["AIRFLOW_VAR_VARIABLES_AT_PARSE_TIME_TEAM"] = "analytics"
os.environ["AIRFLOW_VAR_VARIABLES_AT_PARSE_TIME_CONFIG"] = '{"tables": ["orders", "customers"], "retries": 2}'
os.environ["AIRFLOW_CONN_VARIABLES_AT_PARSE_TIME_DB"] = "postgres://etl:secret@db.internal:5433/warehouse"

team = Variable.get("variables_at_parse_time_team")
config = Variable.get("variables_at_parse_time_config", deserialize_json=True)
pool = Variable.get("variables_at_parse_time_pool", default="default_pool")
db = BaseHook.get_connection("variables_at_parse_time_db")
api = Connection(conn_id="api", conn_type="http", host="api.example.com", port=8443)

with DAG(
    dag_id="variables_at_parse_time__af3",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    schedule=None,
    tags=[team, db.host, api.host],
    default_args={"retries": config["retries"], "pool": pool},
):
    for table in config["tables"]:
        BashOperator(
            task_id=f"load_{table}",
            bash_command=f"load --host {db.host} --port {db.port} --schema {db.schema} {table}",
        )
