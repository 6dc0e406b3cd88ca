"""Context sources and federation ("1+11+N"): registrations, discovery and distributed operations.

* :mod:`~citytwin.federation.registration` parses and validates ``ContextSourceRegistration`` payloads;
* :mod:`~citytwin.federation.matching` decides which registrations can answer a request (discovery);
* :mod:`~citytwin.federation.registry` caches a tenant's registrations and their status counters;
* :mod:`~citytwin.federation.client` forwards requests to context sources (timeouts, cooldown, cache, Via);
* :mod:`~citytwin.federation.merge` merges what the sources answer and pages over the union;
* :mod:`~citytwin.federation.distributed` is what the NGSI-LD routes call;
* :mod:`~citytwin.federation.csubs` holds registration subscriptions (``/csourceSubscriptions``);
* :mod:`~citytwin.federation.demo` runs a city platform with two district platforms.
"""
