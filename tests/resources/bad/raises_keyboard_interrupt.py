from airflow import DAG

dag = DAG("raises_keyboard_interrupt", schedule=None)
raise KeyboardInterrupt("interrupted at import")  # <- fails here
