"""Live city indicators: declared as data, evaluated incrementally from the change stream (pure core)."""
