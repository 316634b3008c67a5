from airflow import DAG


def nest(depth):
    return nest(depth + 1)  # <- fails here


dag = DAG("unbounded_recursion", schedule=None)
nest(0)
