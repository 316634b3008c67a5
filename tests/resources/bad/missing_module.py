from airflow import DAG

import company_internal_sdk  # <- fails here

dag = DAG("missing_module", schedule=None)
