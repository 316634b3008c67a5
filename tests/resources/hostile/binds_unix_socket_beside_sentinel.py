"""Binds a Unix socket beside the sentinel (creates a socket file)."""

import os
import socket

from airflow import DAG

SENTINEL = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "sentinel.txt")

sock = socket.socket(socket.AF_UNIX)
sock.bind(SENTINEL + ".sock")
dag = DAG("binds_unix_socket_beside_sentinel", schedule=None)
