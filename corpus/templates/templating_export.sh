#!/usr/bin/env bash
# Template file for corpus/templating__af2.py and templating__af3.py: Airflow reads it at parse time.
echo "exporting {{ params.limit }} rows for {{ ds }}"
