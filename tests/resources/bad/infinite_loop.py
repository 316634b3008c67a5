from airflow import DAG

dag = DAG("infinite_loop", schedule=None)
ticks = 0
while True:  # <- fails here
    ticks += 1
