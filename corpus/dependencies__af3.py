# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
"""Dependencies: >>/<< with lists on either side, set_upstream/downstream, chain, chain_linear, cross."""

import pendulum
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.sdk import DAG, chain, chain_linear, cross_downstream

with DAG(
    dag_id="dependencies__af3",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    schedule=None,
    catchup=False,
):
    t = {name: EmptyOperator(task_id=name) for name in "abcdefghijklmnopqrstuvwxyz"}

    # bitshift with lists on either side
    t["a"] >> [t["b"], t["c"]]
    [t["b"], t["c"]] >> t["d"]
    t["e"] << [t["d"], t["a"]]
    [t["f"], t["g"]] << t["e"]

    # explicit methods, single task and list
    t["h"].set_upstream(t["f"])
    t["h"].set_downstream([t["i"], t["j"]])
    t["k"].set_upstream([t["i"], t["j"]])

    # chain: pairwise between equal-length lists
    chain(t["k"], [t["l"], t["m"]], [t["n"], t["o"]], t["p"])

    # chain_linear: every task of one step to every task of the next
    chain_linear(t["p"], [t["q"], t["r"]], [t["s"], t["t"], t["u"]])

    # cross_downstream: full bipartite set of edges
    cross_downstream([t["s"], t["t"], t["u"]], [t["v"], t["w"]])
    t["x"] << t["w"] << t["v"]
    t["y"] >> t["z"] << t["x"]
