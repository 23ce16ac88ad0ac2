"""The real-process helpers live in bench.processes (a benchmark never imports tests/)."""

from bench.processes import *  # noqa: F403
from bench.processes import (  # noqa: F401 - named for the type checker
    bench_figures,
    bench_output,
    current_database_url,
    start_worker_process,
    stop_process_group,
    worker_env,
)
