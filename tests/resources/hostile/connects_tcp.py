"""Connects to a TCP port on this machine (the sandbox refuses before any port is tried)."""

import socket

from airflow import DAG

socket.create_connection(("127.0.0.1", 9), timeout=2)
dag = DAG("connects_tcp", schedule=None)
