from airflow import DAG

dag = DAG("raises_at_import", schedule=None)
raise RuntimeError("settings.yaml not found")  # <- fails here
