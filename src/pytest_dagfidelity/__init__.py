"""pytest-dagfidelity: a structural Airflow shim, a canonical dag.json compiler and a
fidelity harness that holds the shim to real Airflow. Importing this package imports
neither real Airflow nor the shim."""

__version__ = "0.1.0"
