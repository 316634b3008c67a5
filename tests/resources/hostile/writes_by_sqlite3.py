"""Creates an SQLite database beside the sentinel (sqlite3 writes from C)."""

import os
import sqlite3

from airflow import DAG

SENTINEL = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "sentinel.txt")

db = sqlite3.connect(os.path.join(os.path.dirname(SENTINEL), "stolen.db"))
db.execute("create table stolen (x)")
db.commit()
dag = DAG("writes_by_sqlite3", schedule=None)
