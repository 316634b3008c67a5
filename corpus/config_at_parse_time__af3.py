# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
"""airflow.configuration.conf read at parse time: get, getboolean, getint, getfloat, getlist,
fallback, has_option, a deprecated option name, and an AIRFLOW__SECTION__KEY variable set
before the lookup."""

import os

import pendulum
from airflow.configuration import conf
from airflow.providers.standard.operators.bash import BashOperator
from airflow.sdk import DAG

# Airflow reads the environment at each lookup: a variable set here wins over the defaults.
os.environ["AIRFLOW__DAGFIDELITY_CORPUS__GREETING"] = "hello from the environment"

with DAG(
    dag_id="config_at_parse_time__af3",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    schedule=None,
    is_paused_upon_creation=conf.getboolean("core", "dags_are_paused_at_creation"),
    max_active_runs=conf.getint("core", "max_active_runs_per_dag"),
):
    BashOperator(
        task_id="report",
        bash_command="echo $GREETING",
        queue=conf.get("operators", "default_queue"),
        retries=conf.getint("core", "default_task_retries"),
        env={
            "GREETING": conf.get("dagfidelity_corpus", "greeting"),
            "LOAD_EXAMPLES": str(conf.getboolean("core", "load_examples")),
            "MISSING": conf.get("dagfidelity_corpus", "not_set", fallback="fallback used"),
            "HAS_OPTION": str(conf.has_option("core", "parallelism")),
            "PARALLELISM": str(conf.getint("core", "parallelism")),
            "RAM": str(conf.getfloat("operators", "default_ram")),
            "OWNER": conf.get("operators", "default_owner"),
            # A deprecated name reads its current option (where this version renamed it).
            "RENAMED": str(conf.getint("scheduler", "dag_dir_list_interval", fallback=-1)),
        },
    )
