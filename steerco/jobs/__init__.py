"""Background jobs: long work (imports, reports) run by a worker, with
progress, bounded retries and a result file. See docs/architecture.md,
"Background jobs"."""
