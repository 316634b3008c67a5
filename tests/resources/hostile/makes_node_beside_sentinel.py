"""Creates a file beside the sentinel with os.mknod."""

import os
import stat

from airflow import DAG

SENTINEL = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "sentinel.txt")

os.mknod(SENTINEL + ".node", stat.S_IFREG | 0o600)
dag = DAG("makes_node_beside_sentinel", schedule=None)
