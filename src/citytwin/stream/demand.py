"""Who needs the change log: subscriptions (any tenant, any process) and live WebSocket feeds.

A process with WebSocket clients holds a ``feed:`` lease in the store while it has them, so that writer
processes keep recording their changes for it; subscriptions are store documents of kind
:data:`SUBSCRIPTION_KIND`. Both are cheap to ask the store every couple of seconds.
"""

from __future__ import annotations

from citytwin.core.timeutil import to_micros, utc_now
from citytwin.storage.base import Store

SUBSCRIPTION_KIND = "subscription"
"""Document kind of NGSI-LD subscriptions."""
FEED_LEASE = "feed:"
"""Prefix of the leases held by processes serving WebSocket feeds."""


def remote_demand(store: Store, writer: str) -> bool:
    """Whether any subscription exists or another process serves a WebSocket feed."""
    if store.document_tenants(SUBSCRIPTION_KIND):
        return True
    feeds = store.live_leases(FEED_LEASE, to_micros(utc_now()))
    return any(owner != writer for owner in feeds.values())
