"""Ingest: bringing outside data into the twin (file importers, geocoding, IoT feeds)."""
