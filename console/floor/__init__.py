"""The open meeting: what may be done (rules), what comes next (forecast, budgets), over the fold."""
