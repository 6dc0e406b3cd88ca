"""Data governance: the dataset catalog, one datum one source, provenance and lineage, the relationship graph.

* :mod:`~citytwin.governance.catalog`: datasets by category, grade and owner (数据资源目录);
* :mod:`~citytwin.governance.registry` and :mod:`~citytwin.governance.sources`: the authoritative source and
  standard of every datum, and the arbiter that keeps other sources' values as candidates (一数一源一标准);
* :mod:`~citytwin.governance.conflicts`: disagreements for data stewards to resolve;
* :mod:`~citytwin.governance.lineage`: provenance stamps and import batch records;
* :mod:`~citytwin.governance.graph`: the relationship graph around a twin (关联映射图谱).
"""
