"""One module per workload: `run(workdir, quick) -> list[Result]`, run in its own process so
peak memory is the workload's own."""
