"""Mapping over an XCom pushed under a key other than ``return_value``, nested in a list:
Airflow refuses it wherever it sits in the expand input (``ValueError: cannot map over XCom
with custom key``), on every version. The file fails on purpose; the goldens record it."""

import pendulum
from airflow.sdk import dag, task


@dag(start_date=pendulum.datetime(2024, 1, 1, tz="UTC"), schedule=None)
def mapping_custom_key__af3():
    @task(multiple_outputs=True)
    def split():
        return {"left": [1, 2], "right": [3]}

    @task
    def total(values):
        return sum(values)

    parts = split()
    total.expand(values=[parts["left"], parts["right"]])


mapping_custom_key__af3()
