"""Crashes its parse process with a NULL read through ctypes (SIGSEGV)."""

import ctypes
import faulthandler
import signal

from airflow import DAG  # noqa: F401

faulthandler.disable()
signal.signal(signal.SIGSEGV, signal.SIG_DFL)  # whatever handler Airflow installed
ctypes.string_at(0)
