"""Listens on a TCP port."""

import socket

from airflow import DAG

server = socket.socket()
server.bind(("127.0.0.1", 0))
server.listen()
dag = DAG("binds_tcp", schedule=None)
