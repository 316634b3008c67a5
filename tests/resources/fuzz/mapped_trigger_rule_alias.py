"""Found by fuzzing: Airflow 2's deprecated trigger-rule names on mapped tasks.

A plain task converts ``dummy`` to ``always`` (and ``none_failed_or_skipped`` to
``none_failed_min_one_success``); a mapped task's partial arguments keep the name given.
"""

import pendulum
from airflow import DAG
from airflow.decorators import task
from airflow.operators.bash import BashOperator
from airflow.utils.trigger_rule import TriggerRule


@task(trigger_rule="none_failed_or_skipped")
def decorated(x=None):
    return x


with DAG(dag_id="mapped_trigger_rule_alias", start_date=pendulum.datetime(2024, 1, 1, tz="UTC"), schedule=None):
    BashOperator.partial(task_id="enum", trigger_rule=TriggerRule.DUMMY).expand(bash_command=["a", "b"])
    BashOperator.partial(task_id="string", trigger_rule="none_failed_or_skipped").expand(bash_command=["a"])
    BashOperator(task_id="plain", bash_command="a", trigger_rule="dummy")
    decorated.expand(x=[1, 2])
    decorated()
