from airflow import DAG

dag = DAG("nightly load!", schedule=None)  # <- fails here
