from airflow import DAG

environment = input("environment? ")  # <- fails here
dag = DAG(f"reads_stdin_{environment}", schedule=None)
