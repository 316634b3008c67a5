# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
"""Task mapping: expand over literals/XComs, partial().expand(), expand_kwargs, mapped classic operators."""

import pendulum
from airflow.providers.standard.operators.bash import BashOperator
from airflow.providers.standard.operators.python import PythonOperator
from airflow.sdk import dag, task


def double(x):
    return x * 2


@dag(start_date=pendulum.datetime(2024, 1, 1, tz="UTC"), schedule=None, catchup=False)
def mapping__af3():
    @task
    def list_files():
        return ["a.csv", "b.csv"]

    @task
    def file_kwargs():
        return [{"path": "a.csv", "mode": "fast"}, {"path": "b.csv", "mode": "slow"}]

    @task
    def process(path, mode="default", retries_hint=0):
        return path

    @task
    def total(sizes):
        return sum(sizes)

    # expand over a literal list, and over two literal lists (cross product)
    literal = process.expand(path=["x.csv", "y.csv", "z.csv"])
    process.expand(path=["p.csv", "q.csv"], mode=["fast", "slow"])

    # expand over an upstream XCom, with constant partial arguments
    files = list_files()
    from_xcom = process.partial(mode="strict", retries_hint=3).expand(path=files)

    # expand_kwargs over a list of dicts produced by a task
    process.partial(retries_hint=1).expand_kwargs(file_kwargs())

    # reduce the mapped results
    total(from_xcom) << literal

    # mapped classic operators
    BashOperator.partial(task_id="echo_file", retries=2, max_active_tis_per_dag=4).expand(
        bash_command=["echo 1", "echo 2"]
    )
    PythonOperator.partial(
        task_id="double", python_callable=double, map_index_template="{{ task.op_args[0] }}"
    ).expand(op_args=[[1], [2], [3]])
    BashOperator.partial(task_id="echo_env", bash_command="echo $FILE").expand_kwargs(
        [{"env": {"FILE": "a.csv"}}, {"env": {"FILE": "b.csv"}, "cwd": "/tmp"}]
    )


mapping__af3()
