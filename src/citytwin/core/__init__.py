"""The pure domain core: entities, codes, geometry, queries. Imports no adapter and does no I/O."""
