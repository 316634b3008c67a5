from airflow import DAG

dag = DAG("unbounded_memory", schedule=None)
hoard = []
while True:
    hoard.append(bytearray(16 * 1024 * 1024))  # <- fails here
