"""Code that runs inside a backend worker process: standard library and compiler only."""
