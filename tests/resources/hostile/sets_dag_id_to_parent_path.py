"""Sets its dag_id to a path out of the golden folder after construction."""

from airflow import DAG

dag = DAG("sets_dag_id_to_parent_path", schedule=None)
dag.dag_id = "../../../escaped/x"
