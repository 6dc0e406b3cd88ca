"""WebSocket push for browsers and dashboards: ``GET /stream/ws`` (message format: docs/subscriptions.md).

A client sends ``subscribe`` messages (several filters per socket, each with its own ``sub`` name) and
receives ``changes`` frames of compact deltas for one filter, numbered by a per-filter ``seq`` that grows by
one per delta, so a gap is visible. ``snapshot: true`` first sends the entities the filter matches now.

Cost model: identical filters of different clients share one :class:`Group`. A change is matched once per
group and its delta rendered once and appended to the group's buffer; each client filter only remembers how
far into that buffer it has sent. Every ``flush_s`` the hub wakes the senders of clients whose groups got
deltas, and each sender sends one frame per filter with everything new: the per-change cost grows with the
number of distinct filters, the per-frame cost with the number of clients, never their product. Every client
has its own sender task, so a slow client never holds up the others; one that falls more than ``max_queue``
deltas behind its group's buffer loses them and is told so with a ``lagged`` message asking it to resync.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import msgspec
from starlette.concurrency import run_in_threadpool
from starlette.websockets import WebSocket, WebSocketDisconnect

from citytwin.errors import BadRequestData, CitytwinError
from citytwin.ngsild.request import TENANT_HEADER
from citytwin.stream.changes import Change
from citytwin.stream.feed import ChangeFeed
from citytwin.stream.guard import NotificationScope
from citytwin.stream.wsfilter import WsFilter, area_key, compile_filter, filter_spec, spec_key
from citytwin.stream.wsindex import FilterIndex

if TYPE_CHECKING:
    from citytwin.stream.service import StreamService

log = logging.getLogger(__name__)

PATH = "/stream/ws"
MAX_FILTERS = 64
SNAPSHOT_PAGE = 1000
SNAPSHOT_MAX = 100_000
REFRESH_S = 1.0
"""How often the hub looks for subjects whose account is due for another look."""
FRAME_MAX = 1000
"""Deltas per frame at most (a client that fell behind catches up in several frames)."""
_ENCODE = msgspec.json.Encoder().encode
_DECODE = msgspec.json.Decoder().decode
_KEY = msgspec.json.Encoder(order="sorted").encode
_ERRORS = "https://uri.etsi.org/ngsi-ld/errors/"


@dataclass(slots=True, eq=False)
class Group:
    """A compiled filter, the clients' filters that use it, and the deltas it matched (a bounded buffer)."""

    filter: WsFilter
    access: NotificationScope | None = None
    """What the clients of the group may be sent (None: everything); groups are per subject."""
    members: dict[int, Membership] = field(default_factory=dict)
    items: list[bytes] = field(default_factory=list)
    sent: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    """Beside ``items`` when the group has a scope: each delta's entity id and attribute names (ledger)."""
    first: int = 1
    """Group sequence number of ``items[0]``."""
    next: int = 1
    """Group sequence number the next delta gets."""
    _joined: tuple[int, int, str] = (0, 0, "")
    """The last frame body built: (first sequence number, count, text); members in step share it."""

    def joined(self, pos: int, count: int) -> str:
        """The deltas from group sequence number ``pos`` on, joined for a frame (built once for every member
        that sends the same range: members flushed together usually do)."""
        start, size, text = self._joined
        if start != pos or size != count:
            i = pos - self.first
            text = b",".join(self.items[i : i + count]).decode()
            self._joined = (pos, count, text)
        return text

    def append(self, body: bytes, keep: int, sent: tuple[str, tuple[str, ...]] | None = None) -> None:
        """Add a delta; beyond ``2 * keep`` the oldest are dropped down to ``keep`` (amortised)."""
        self.items.append(body)
        if sent is not None:
            self.sent.append(sent)
        self.next += 1
        if len(self.items) > 2 * keep:
            drop = len(self.items) - keep
            del self.items[:drop]
            del self.sent[:drop]
            self.first += drop

    def ledger(self, sub: str, start: int, count: int, reference: str) -> None:
        """Ledger ``count`` deltas from buffer position ``start`` sent to one filter of one client."""
        access = self.access
        if access is None or not self.sent or not access.ledgers():
            return
        part = self.sent[start : start + count]
        access.record(
            f"{PATH}#{sub}", [i for i, _ in part], [n for _, names in part for n in names], reference
        )


@dataclass(slots=True, eq=False)
class Membership:
    """One filter of one client: its name and how far into its group's buffer it has been sent."""

    client: Client
    sub: str
    group: Group
    base: int
    """Group sequence number of this filter's delta number 1."""
    pos: int
    """Group sequence number of the next delta to send."""
    held: bool = False
    """True while its snapshot is being sent: deltas wait in the group's buffer until it is out."""

    @property
    def seq(self) -> int:
        """How many deltas this filter has been sent (or skipped)."""
        return self.pos - self.base


class Client:
    """One socket: its filters, control messages waiting, and the event that wakes its sender."""

    def __init__(
        self, hub: Hub, ws: WebSocket, tenant: str, owner: dict[str, Any] | None = None, reference: str = ""
    ) -> None:
        self.hub = hub
        self.ws = ws
        self.tenant = tenant
        self.owner = owner
        """The connection's authenticated subject (None: the platform's own connection)."""
        self.owner_key = b"" if owner is None else _KEY(owner)
        self.reference = reference
        """The request id of the connection (ledger records of what it was sent name it)."""
        self.subs: dict[str, Membership] = {}
        self.control: deque[bytes] = deque()
        self.wake = asyncio.Event()
        self.sent = 0

    def say(self, message: dict[str, Any]) -> None:
        """Queue a control message (sent before any further delta)."""
        self.control.append(_ENCODE(message))
        self.wake.set()

    async def sender(self) -> None:
        """Send until the socket closes."""
        try:
            await self._send_loop()
        except asyncio.CancelledError:
            raise
        except Exception as err:  # the socket went away (or the server refused a send): end this client
            log.info("WebSocket client gone while sending: %r", err)

    async def _send_loop(self) -> None:
        ws = self.ws
        keep = self.hub.max_queue
        frame_max = min(FRAME_MAX, keep)
        while True:
            await self.wake.wait()
            self.wake.clear()
            while self.control:
                await ws.send_text(self.control.popleft().decode())
            for member in list(self.subs.values()):
                group = member.group
                if member.held or member.pos >= group.next:
                    continue
                if member.pos < group.first:
                    dropped = group.first - member.pos
                    member.pos = group.first
                    lagged = {
                        "op": "lagged",
                        "sub": member.sub,
                        "seq": member.seq,
                        "dropped": dropped,
                        "action": "resync",
                        "detail": f"this client fell more than {keep} changes behind and {dropped} were"
                        " dropped; resubscribe with snapshot=true to get the current state",
                    }
                    await ws.send_text(_ENCODE(lagged).decode())
                start = member.pos - group.first
                count = min(frame_max, group.next - member.pos)
                body = group.joined(member.pos, count)
                seq = member.seq + 1
                member.pos += count
                group.ledger(member.sub, start, count, self.reference)
                if member.pos < group.next:
                    self.wake.set()  # more than one frame's worth: the rest goes in the next round
                name = _ENCODE(member.sub).decode()
                await ws.send_text(f'{{"op":"changes","sub":{name},"seq":{seq},"changes":[{body}]}}')
                self.sent += count


class Hub:
    """Every WebSocket client of this process and the filters they share."""

    def __init__(self, service: StreamService, *, max_queue: int = 50_000, flush_s: float = 0.1) -> None:
        self.service = service
        self.max_queue = max_queue
        self.flush_s = flush_s
        """Deltas wait at most this long, so that each client gets one frame per interval, not one per change
        (waking a thousand sender tasks for every change would saturate the event loop)."""
        self.dirty: set[Group] = set()
        self._flusher: asyncio.Task[None] | None = None
        self._refresher: asyncio.Task[None] | None = None
        self.feed = ChangeFeed(service.store, service.bus, writer=service.owner)
        self.feed.listeners.append(self.on_change)
        self.groups: dict[bytes, Group] = {}
        self.index: FilterIndex[Group] = FilterIndex(area_key)
        self.clients: set[Client] = set()
        self.matched = 0

    # -- filters -----------------------------------------------------------------------------------------
    def _index(self, group: Group, add: bool) -> None:
        f = group.filter
        if add:
            self.index.add(f.tenant, f.index_types, f.admin, f.key, group)
        else:
            self.index.remove(f.tenant, f.index_types, f.admin, f.key)

    async def join(self, client: Client, sub: str, spec: dict[str, Any]) -> Membership:
        """Add a filter to a client (sharing a compiled one when identical)."""
        key = spec_key(client.tenant, spec) + client.owner_key  # subjects see differently: groups per subject
        group = self.groups.get(key)
        guard = self.service.guard
        if group is None:
            ctx = await self.service.resolver.resolve(spec.get("context"))
            compiled = compile_filter(client.tenant, spec, ctx)
            compiled.key = key
            if guard is not None:
                guard.check(client.tenant, compiled.selector.types, compiled.attrs or ())
            access = (
                guard.scope(client.tenant, client.owner, compiled.filters()) if guard is not None else None
            )
            group = self.groups[key] = Group(compiled, access)
            self._index(group, True)
        elif guard is not None:  # the policy may have changed since the group was made
            guard.check(client.tenant, group.filter.selector.types, group.filter.attrs or ())
        member = Membership(client, sub, group, base=group.next, pos=group.next)
        group.members[id(member)] = member
        client.subs[sub] = member
        self.service.feed_clients += 1
        if not self.feed.running:
            await self.feed.start()
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush_loop(), name="citytwin-ws-flush")
        if group.access is not None and (self._refresher is None or self._refresher.done()):
            self._refresher = asyncio.create_task(self._refresh_loop(), name="citytwin-ws-refresh")
        return member

    async def close(self) -> None:
        """Stop the feed, the flusher and the refresher (the app is shutting down)."""
        for task in (self._flusher, self._refresher):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        self._flusher = self._refresher = None
        await self.feed.stop()

    async def _refresh_loop(self) -> None:
        """Have each subject's scope look at its account again when due (disabled, roles changed)."""
        while self.clients:
            await asyncio.sleep(REFRESH_S)
            for group in list(self.groups.values()):
                access = group.access
                if access is not None and access.refresh_due():
                    try:
                        await run_in_threadpool(access.refresh)
                    except Exception:  # the account store's failure must not end the refreshing
                        log.warning("WebSocket feed: a subject's account cannot be read", exc_info=True)

    async def _flush_loop(self) -> None:
        """Every ``flush_s``, wake the senders of the clients whose filters got deltas."""
        while self.clients:
            await asyncio.sleep(self.flush_s)
            dirty, self.dirty = self.dirty, set()
            for group in dirty:
                for member in group.members.values():
                    member.client.wake.set()

    def leave(self, member: Membership) -> None:
        """Remove a client's filter."""
        member.client.subs.pop(member.sub, None)
        group = member.group
        group.members.pop(id(member), None)
        self.service.feed_clients = max(0, self.service.feed_clients - 1)
        if not group.members:
            self.groups.pop(group.filter.key, None)
            self._index(group, False)

    # -- changes -----------------------------------------------------------------------------------------
    def on_change(self, change: Change) -> None:
        """Match one change against the filters of its tenant, type and area; queue the deltas."""
        for group in self.index.candidates(change).values():
            f = group.filter
            sent = None
            try:
                if not f.matches(change):
                    continue
                shown = change
                if group.access is not None:  # decided now, for the group's subject
                    seen = group.access.change(change)
                    if seen is None or not f.touches(seen):
                        continue
                    shown = seen
                    names = tuple(n for n in shown.changed if f.attrs is None or n in f.attrs)
                    sent = (shown.entity_id, names)
                body = f.delta(shown)
            except Exception:  # one filter that cannot evaluate a change must not starve the others
                log.debug("WebSocket filter cannot evaluate a change of %s", change.entity_id, exc_info=True)
                continue
            self.matched += 1
            group.append(body, self.max_queue, sent)
            self.dirty.add(group)

    # -- sockets -------------------------------------------------------------------------------------------
    async def serve(self, ws: WebSocket) -> None:
        """Run one client connection until it closes."""
        tenant = ws.headers.get(TENANT_HEADER) or ws.query_params.get("tenant") or ""
        await ws.accept()
        guard = self.service.guard
        owner, reference = (guard.owner(), guard.reference()) if guard is not None else (None, "")
        client = Client(self, ws, tenant.strip(), owner, reference)
        self.clients.add(client)
        sender = asyncio.create_task(client.sender(), name="citytwin-ws-sender")
        try:
            while True:
                try:
                    text = await ws.receive_text()
                except (WebSocketDisconnect, RuntimeError):
                    break
                await self._handle(client, text)
                if sender.done():
                    break
        finally:
            sender.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await sender
            for member in list(client.subs.values()):
                self.leave(member)
            self.clients.discard(client)
            if not self.groups and self.feed.running:
                await self.feed.stop()

    async def _handle(self, client: Client, text: str) -> None:
        sub = None
        try:
            try:
                message = _DECODE(text)
            except msgspec.DecodeError:
                raise BadRequestData("a message must be a JSON object") from None
            if not isinstance(message, dict):
                raise BadRequestData("a message must be a JSON object")
            sub = message.get("sub")
            op = message.get("op")
            if op == "ping":
                client.say({"op": "pong"})
            elif op == "subscribe":
                await self._subscribe(client, message)
            elif op == "unsubscribe":
                member = client.subs.get(sub) if isinstance(sub, str) else None
                if member is None:
                    raise BadRequestData(f"no filter named {sub!r} on this connection")
                self.leave(member)
                client.say({"op": "unsubscribed", "sub": sub})
            else:
                raise BadRequestData(f"unknown op {op!r}: use subscribe, unsubscribe or ping")
        except CitytwinError as err:
            client.say({"op": "error", "sub": sub, "status": err.status, "type": _ERRORS + err.problem,
                        "title": err.title, "detail": err.detail})  # fmt: skip

    async def _subscribe(self, client: Client, message: dict[str, Any]) -> None:
        sub = message.get("sub")
        if not isinstance(sub, str) or not sub or len(sub) > 128:
            raise BadRequestData("subscribe needs 'sub': a name for the filter (1-128 characters)")
        if sub in client.subs:
            raise BadRequestData(f"this connection already has a filter named {sub!r}")
        if len(client.subs) >= MAX_FILTERS:
            raise BadRequestData(f"at most {MAX_FILTERS} filters per connection")
        spec = filter_spec(message)
        snapshot = message.get("snapshot", False)
        if not isinstance(snapshot, bool):
            raise BadRequestData("snapshot must be true or false")
        member = await self.join(client, sub, spec)
        client.say({"op": "subscribed", "sub": sub})
        if snapshot:
            member.held = True  # deltas wait in the group's buffer until the snapshot is queued
            try:
                await self._snapshot(client, member)
            finally:
                member.held = False
                client.wake.set()

    async def _snapshot(self, client: Client, member: Membership) -> None:
        group = member.group
        f, access = group.filter, group.access
        store = self.service.store.tenant(client.tenant)
        offset = 0
        sent = 0
        start_seq = member.seq  # deltas after this number apply on top of the snapshot
        query = f.snapshot_query(SNAPSHOT_PAGE)
        while True:
            page = await run_in_threadpool(store.query, replace(query, offset=offset))
            selected = [e for e in page.entities if f.selects(e)]
            if access is not None:
                selected = [seen for e in selected if (seen := access.entity(e)) is not None]
                if selected and access.ledgers():
                    names = [n for e in selected for n in e.attrs if f.attrs is None or n in f.attrs]
                    access.record(f"{PATH}#{member.sub}", [e.id for e in selected], names, client.reference)
            entities = [f.render(e) for e in selected]
            offset += SNAPSHOT_PAGE
            sent += len(entities)
            last = len(page.entities) < SNAPSHOT_PAGE or sent >= SNAPSHOT_MAX
            client.say(
                {"op": "snapshot", "sub": member.sub, "seq": start_seq, "entities": entities, "last": last}
            )
            if last:
                return


async def websocket_endpoint(ws: WebSocket) -> None:
    """``GET /stream/ws``: the WebSocket feed (see the module docstring and docs/subscriptions.md)."""
    hub: Hub | None = getattr(ws.app.state.stream, "hub", None)
    if hub is None:
        await ws.close(code=1013, reason="WebSocket feeds are not served by this process")
        return
    await hub.serve(ws)


def websocket_routes() -> list[Any]:
    """The WebSocket route."""
    from starlette.routing import WebSocketRoute

    return [WebSocketRoute(PATH, websocket_endpoint)]
