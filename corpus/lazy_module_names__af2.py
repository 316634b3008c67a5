# dagfidelity: expect-failure >=3.0 raises=ImportError Airflow 3 removed the deprecated airflow.models.ImportError
"""Names Airflow 2 serves through a module ``__getattr__`` (PEP 562) rather than binding them:
``airflow.models.ImportError`` and ``airflow.models.errors.ImportError`` (2.10 and 2.11 serve the
renamed ``ParseImportError`` under the old name, with a deprecation warning; 2.9 still has the
class), ``AirflowException`` and the ``version`` module from the top-level package's lazy table,
and ``BaseOperatorLink`` through ``airflow.models.baseoperator``'s deprecation table. Airflow 3
has no ``airflow.models.ImportError``: the file fails there with ImportError."""

import pendulum
from airflow import DAG, AirflowException
from airflow import version as airflow_version
from airflow.models import ImportError as ImportErrorModel
from airflow.models.baseoperator import BaseOperatorLink
from airflow.models.errors import ImportError as ImportErrorRow
from airflow.operators.empty import EmptyOperator
from airflow.operators.python import PythonOperator


def count_import_errors(session=None):
    """Runs in the task, never at parse time: reads the DAG processor's import errors."""
    if session is None:
        raise AirflowException("no session")
    return session.query(ImportErrorModel).count() + session.query(ImportErrorRow).count()


class DocsLink(BaseOperatorLink):
    name = "docs"

    def get_link(self, operator, *, ti_key):
        return "https://example.com/docs"


with DAG(
    dag_id="lazy_module_names__af2",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    schedule=None,
    description=f"built on Airflow {airflow_version.version}",
    tags=["lazy", airflow_version.version.split(".")[0]],
):
    start = EmptyOperator(task_id="start")
    count = PythonOperator(task_id="count_import_errors", python_callable=count_import_errors)
    start >> count
