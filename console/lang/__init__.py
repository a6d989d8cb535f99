"""The interface's language and what the secretary types: catalogues, French names, typed input, refusals."""
