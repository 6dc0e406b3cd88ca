"""Context sources and federation ("1+11+N"): registrations, discovery and distributed operations.

* :mod:`~citytwin.federation.registration` parses and validates ``ContextSourceRegistration`` payloads;
* :mod:`~citytwin.federation.matching` decides which registrations can answer a request (discovery);
* :mod:`~citytwin.federation.registry` caches a tenant's registrations and their status counters;
* :mod:`~citytwin.federation.client` forwards requests to context sources (timeouts, cooldown, cache, Via);
* :mod:`~citytwin.federation.merge` merges what the sources answer and pages over the union;
* :mod:`~citytwin.federation.distributed` is what the NGSI-LD routes call;
* :mod:`~citytwin.federation.writes` (and ``writes_batch``, ``writes_plan``, ``writes_send``) forwards entity
  writes to exclusive, redirect and inclusive sources; :mod:`~citytwin.federation.guard` applies the local
  policy to what sources answer and to what is written to them;
* :mod:`~citytwin.federation.propagation` propagates subscriptions to the sources, whose notifications
  :mod:`~citytwin.federation.propagation_receive` sends on;
* :mod:`~citytwin.federation.csubs` holds registration subscriptions (``/csourceSubscriptions``);
* :mod:`~citytwin.federation.demo` runs a city platform with two district platforms.
"""
