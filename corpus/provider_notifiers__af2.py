"""A provider's notifier (the smtp provider, installed with every Airflow) in default_args, where
dag.json carries its state, and as DAG and task callbacks, where it records that one is set."""

import pendulum
from airflow import DAG
from airflow.decorators import task
from airflow.operators.empty import EmptyOperator
from airflow.providers.smtp.notifications.smtp import SmtpNotifier, send_smtp_notification

with DAG(
    dag_id="provider_notifiers__af2",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    schedule="@daily",
    catchup=False,
    default_args={
        "on_failure_callback": SmtpNotifier(to="oncall@example.com", subject="{{ ti.task_id }} failed"),
        "on_retry_callback": [send_smtp_notification("retries@example.com", "airflow@example.com")],
    },
    on_failure_callback=SmtpNotifier(to=["data@example.com", "lead@example.com"]),
):
    extract = EmptyOperator(
        task_id="extract",
        on_success_callback=SmtpNotifier(
            to="data@example.com",
            cc=["audit@example.com"],
            smtp_conn_id="smtp_reports",
            custom_headers={"X-Team": "data"},
            html_content="<p>{{ ti.task_id }} done</p>",
        ),
    )

    @task(on_failure_callback=send_smtp_notification(to="owner@example.com", mime_subtype="alternative"))
    def load():
        return None

    extract >> load()
