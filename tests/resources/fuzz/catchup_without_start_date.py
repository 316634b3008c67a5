"""Found by fuzzing: Airflow 3 refuses catchup=True on a schedulable DAG that has no start_date.

Airflow 2 accepts it (its default schedule is daily, catchup on); a DAG that cannot be
scheduled (schedule=None) is accepted by every version.
"""

from airflow import DAG
from airflow.operators.empty import EmptyOperator

with DAG(dag_id="catchup_without_start_date", schedule="@daily", catchup=True):
    EmptyOperator(task_id="only")
