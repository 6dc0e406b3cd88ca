"""Alert rules: declared as data, evaluated from the change stream and the clock (pure core)."""
