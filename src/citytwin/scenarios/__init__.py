"""Scenario engines (flood, dispatch, ...), each behind one interface: metadata plus execute(inputs)."""
