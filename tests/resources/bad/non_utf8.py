# -*- coding: utf-8 -*-
from airflow import DAG
owner = "Renée"
dag = DAG("non_utf8", schedule=None)
