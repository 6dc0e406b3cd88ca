"""The live indicator service: feeds the pure engine from the change bus and writes indicators back as twins.

Start-up loads the current state of the watched entity types once (paged queries); from then on the engine
only sees the change stream. Every ``interval`` seconds (default 1) the service drains the changes that
arrived, ticks the engine and writes the indicators whose value or severity changed as ``CityIndicator``
entities (value with ``observedAt`` and ``unitCode``, so the temporal API holds their history; severity;
member count). The write goes through the observed store, so indicators are themselves subscribable over
HTTP, MQTT and WebSocket and queryable by area (``adminCode``) and ``domain`` like any twin.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

from citytwin.core.entities import ADMIN_CODE, Entity, prop
from citytwin.core.events import EntityChange
from citytwin.core.indicators.catalogue import build_catalogue
from citytwin.core.indicators.engine import IndicatorEngine, IndicatorValue
from citytwin.core.indicators.model import IndicatorDef
from citytwin.core.query import EntityQuery, types_of
from citytwin.core.timeutil import Clock, format_instant, utc_now
from citytwin.errors import BadRequestData
from citytwin.storage.base import DEFAULT_TENANT, Store
from citytwin.stream.bus import EventBus, Subscription

log = logging.getLogger(__name__)

INDICATOR_TYPE = "CityIndicator"
_PAGE = 1000


def indicator_id(ident: str) -> str:
    """The NGSI-LD id of an indicator entity."""
    return f"urn:ngsi-ld:{INDICATOR_TYPE}:{ident}"


def load_documents(paths: Iterable[Path] = ()) -> list[Mapping[str, Any]]:
    """The shipped catalogue (``citytwin/data/indicators/*.yaml``) followed by the YAML files given."""
    docs: list[Mapping[str, Any]] = []
    shipped = files("citytwin.data").joinpath("indicators")
    texts = [
        (f.name, f.read_text("utf-8"))
        for f in sorted(shipped.iterdir(), key=lambda f: f.name)
        if f.name.endswith((".yaml", ".yml"))
    ]
    texts += [(str(p), Path(p).read_text("utf-8")) for p in paths]
    for name, text in texts:
        try:
            doc = yaml.safe_load(text) or {}
        except yaml.YAMLError as err:
            raise BadRequestData(f"indicator catalogue {name}: not valid YAML ({err})") from err
        if not isinstance(doc, Mapping):
            raise BadRequestData(f"indicator catalogue {name}: expected a mapping with indicators/templates")
        docs.append(doc)
    return docs


def load_catalogue(paths: Iterable[Path] = (), *, shipped: bool = True) -> list[IndicatorDef]:
    """Every indicator definition: the shipped catalogue (unless ``shipped=False``) plus extra files."""
    docs = load_documents(paths) if shipped else [yaml.safe_load(Path(p).read_text("utf-8")) for p in paths]
    return build_catalogue(docs)


def describe(defn: IndicatorDef) -> Entity:
    """The static part of an indicator's entity (name, unit, domain, area, window, owner)."""
    attrs = {
        "name": [prop(defn.name_zh)],
        "nameEn": [prop(defn.name_en)],
        "domain": [prop(defn.domain)],
        "unit": [prop(defn.unit)],
        "measure": [prop(defn.measure.kind.value)],
        "window": [prop({"kind": defn.window.kind.value, "seconds": defn.window.seconds})],
        "owner": [prop(defn.owner)],
    }
    if defn.area_code:
        attrs[ADMIN_CODE] = [prop(defn.area_code)]
    if defn.template:
        attrs["template"] = [prop(defn.template)]
    return Entity(id=indicator_id(defn.id), types=(INDICATOR_TYPE,), attrs=attrs)


def value_patch(defn: IndicatorDef, value: IndicatorValue) -> Entity:
    """The live part of an indicator's entity at one tick."""
    at = format_instant(value.at)
    # NGSI-LD has no null values: an indicator without data keeps its last value and says so in ``status``.
    attrs = {
        "status": [prop("ok" if value.value is not None else "noData", observed_at=at)],
        "severity": [prop(value.severity.value if value.severity else "normal", observed_at=at)],
        "members": [prop(value.members, observed_at=at)],
    }
    if value.value is not None:
        attrs["value"] = [prop(value.value, observed_at=at, unit_code=defn.unit or None)]
    return Entity(id=indicator_id(defn.id), types=(INDICATOR_TYPE,), attrs=attrs)


class IndicatorService:
    """Runs an :class:`IndicatorEngine` against one tenant of a store, ticking every ``interval`` seconds."""

    def __init__(
        self,
        store: Store,
        bus: EventBus,
        definitions: list[IndicatorDef],
        *,
        tenant: str = DEFAULT_TENANT,
        clock: Clock = utc_now,
        interval: float = 1.0,
    ) -> None:
        self.engine = IndicatorEngine(definitions)
        self.definitions = {d.id: d for d in definitions}
        self.store = store
        self.bus = bus
        self.tenant = tenant
        self.clock = clock
        self.interval = interval
        self._inbox: deque[EntityChange] = deque()
        self._sub: Subscription | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.ticks = 0
        self.written = 0

    def start(self, *, background: bool = True) -> None:
        """Publish the indicator entities, load the watched state and follow the stream."""
        self.follow()
        tenant = self.store.tenant(self.tenant)
        now = self.clock()
        for kind in sorted(self.watched_types()):
            for page in tenant.iter_query(EntityQuery(types=types_of(kind))):
                self.engine.load(page, now)
        self.step()
        if background:
            self.tick_in_background()

    def follow(self) -> None:
        """Subscribe to the bus (before any loading, so no change is missed) and publish the indicators."""
        self._sub = self.bus.subscribe(self._inbox.append, tenant=self.tenant)
        tenant = self.store.tenant(self.tenant)
        tenant.upsert_many([describe(d) for d in self.definitions.values()], merge=True)

    def watched_types(self) -> set[str]:
        """The entity types whose current state the engine starts from."""
        return set(self.engine.watched_types())

    def tick_in_background(self) -> None:
        """Tick every ``interval`` seconds in a daemon thread until :meth:`close`."""
        self._thread = threading.Thread(target=self._run, name="indicators", daemon=True)
        self._thread.start()

    def step(self) -> list[IndicatorValue]:
        """Apply what arrived, tick once and write the changed indicators; returns them."""
        self.engine.apply_many(self._drain())
        values = self.engine.tick(self.clock())
        if values:
            patches = [value_patch(self.definitions[v.id], v) for v in values]
            self.store.tenant(self.tenant).upsert_many(patches, merge=True, history=True)
            self.written += len(values)
        self.ticks += 1
        return values

    def _drain(self) -> Iterator[EntityChange]:
        """The changes that arrived, oldest first, without our own writes (they come back on the stream)."""
        inbox = self._inbox
        while inbox:
            change = inbox.popleft()
            if change.type != INDICATOR_TYPE:
                yield change

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.step()
            except Exception:  # keep ticking: a failed write is retried with the next values
                log.exception("indicator tick failed")

    def explain(self, ident: str) -> dict[str, Any]:
        """The entity set, the current inputs and the calculation of one indicator."""
        return self.engine.explain(ident)

    def close(self) -> None:
        """Stop ticking and leave the stream."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        if self._sub is not None:
            self._sub.close()
