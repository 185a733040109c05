"""Report sections fed by register apps, registered only when the app is
installed (see ReportsConfig.ready)."""
