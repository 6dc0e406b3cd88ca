"""The tamper-evident ledger (区块链存证): canonical records, a SHA-256 chain, Merkle-sealed blocks, proofs.

Pure: no I/O. Storage lives in :mod:`citytwin.governance.ledger_store`; the algorithm is documented for third
parties in docs/ledger.md, and :func:`verify_proof` is the reference implementation of the check it describes.

* A record's **canonical form** is the UTF-8 JSON array ``[1, seq, at_us, tenant, actor, action, resource,
  attributes, purpose, request_id, digest]`` with no whitespace and non-ASCII kept as is (what Python's
  ``json.dumps(array, ensure_ascii=False, separators=(",", ":"))`` writes).
* Its **leaf hash** is ``SHA-256(0x00 || canonical)``; the **chain hash** is ``SHA-256(chain[seq-1] || leaf)``
  with 32 zero bytes before the first record, so every record commits to all earlier ones.
* Records are sealed into **blocks** of consecutive records. A block's **Merkle root** is built level by level
  over its leaves: a node is ``SHA-256(0x01 || left || right)`` and an odd node at the end of a level is
  carried up unchanged. The **block hash** is ``SHA-256(canonical header)`` and each header names the previous
  block's hash, so blocks form a chain of their own; anchors publish block hashes outside the database.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

import msgspec

from citytwin.core.entities import Attribute, AttrType, Entity
from citytwin.errors import BadRequestData

FORMAT: Final = 1
"""Version of the canonical encoding (first element of every canonical array)."""
ALGORITHM: Final = "citytwin-ledger-v1"
GENESIS: Final = bytes(32)
"""The chain hash "before" record 1 and the previous-block hash of block 1."""
LEAF_PREFIX: Final = b"\x00"
NODE_PREFIX: Final = b"\x01"
ACTIONS: Final = frozenset(
    {"create", "update", "delete", "read", "write", "subscribe", "export", "administer", "notify", "import"}
)

_ENCODE = msgspec.json.Encoder().encode
_SORTED = msgspec.json.Encoder(order="sorted").encode
_sha256 = hashlib.sha256


def entity_digest(entity: Entity | None) -> str:
    """SHA-256 (hex) of an entity's normalized form with sorted keys (no system times); "" for None.

    The ``digest`` of a write record (docs/ledger.md). A writer process computes it once, when it records
    the change (:mod:`citytwin.stream.changes`), and the ledger takes it from there.
    """
    if entity is None:
        return ""
    return _sha256(_SORTED(_normalized(entity))).hexdigest()


_KINDS = {t: (t.value, t.value_key) for t in AttrType}


def _normalized(entity: Entity) -> dict[str, Any]:
    """What ``entity.to_dict()`` gives, for the digest: a sub-attribute object that several instances share
    (an import stamps one provenance on every attribute) is encoded once, as ``msgspec.Raw`` of its sorted
    bytes, so the sorted encoding is the same bytes at a fraction of the work."""
    types, scope = entity.types, entity.scope
    out: dict[str, Any] = {"id": entity.id, "type": types[0] if len(types) == 1 else list(types)}
    if scope:
        out["scope"] = scope[0] if len(scope) == 1 else list(scope)
    shared: dict[int, tuple[Attribute, msgspec.Raw]] = {}
    kinds = _KINDS
    for name, instances in entity.attrs.items():
        if len(instances) != 1:
            out[name] = [_instance(inst, shared) for inst in instances]
            continue
        inst = instances[0]
        if inst.observed_at is None and inst.unit_code is None and inst.dataset_id is None and not inst.extra:
            # The common instance, inline: a value and at most one sub-attribute (an import's provenance).
            kind, key = kinds[inst.type]
            sub = inst.sub
            if not sub:
                out[name] = {"type": kind, key: inst.value}
                continue
            if len(sub) == 1:
                ((sub_name, sub_inst),) = sub.items()
                out[name] = {"type": kind, key: inst.value, sub_name: _encoded(sub_inst, shared)}
                continue
        out[name] = _instance(inst, shared)
    return out


def _instance(inst: Attribute, shared: dict[int, tuple[Attribute, msgspec.Raw]]) -> dict[str, Any]:
    """``inst.to_dict()`` with its sub-attributes as encoded once per entity (see :func:`_normalized`)."""
    out = inst.to_dict()
    for name, sub in inst.sub.items():
        out[name] = _encoded(sub, shared)
    return out


def _encoded(sub: Attribute, shared: dict[int, tuple[Attribute, msgspec.Raw]]) -> msgspec.Raw:
    """The sorted bytes of a sub-attribute, encoded once per entity (``shared`` holds it: ids stay unique)."""
    found = shared.get(id(sub))
    if found is None:
        found = shared[id(sub)] = (sub, msgspec.Raw(_SORTED(sub.to_dict())))
    return found[1]


def data_digest(data: Any) -> str:
    """SHA-256 (hex) of any JSON-able data, keys sorted."""
    return _sha256(_SORTED(data)).hexdigest()


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    """What is to be recorded: who did what to which resource, why, and a digest of the data involved."""

    at_us: int
    actor: str
    action: str
    resource: str
    tenant: str = ""
    attributes: tuple[str, ...] = ()
    purpose: str = ""
    request_id: str = ""
    digest: str = ""

    def check(self) -> None:
        """Raise BadRequestData unless the action is known and actor and resource are given."""
        if self.action not in ACTIONS:
            known = ", ".join(sorted(ACTIONS))
            raise BadRequestData(f"unknown ledger action {self.action!r}; known: {known}")
        if not self.actor or not self.resource:
            raise BadRequestData("a ledger record needs an actor and a resource")


@dataclass(frozen=True, slots=True)
class LedgerRecord:
    """A recorded entry: its sequence number (1, 2, ...) and the two hashes that seal it."""

    seq: int
    entry: LedgerEntry
    leaf: bytes
    chain: bytes

    def to_dict(self) -> dict[str, Any]:
        """JSON form (CLI, API, proofs)."""
        return {"seq": self.seq, **entry_dict(self.entry), "leaf": self.leaf.hex(), "chain": self.chain.hex()}


def entry_dict(entry: LedgerEntry) -> dict[str, Any]:
    """The entry's fields as JSON members (the names docs/ledger.md uses)."""
    return {
        "at_us": entry.at_us,
        "tenant": entry.tenant,
        "actor": entry.actor,
        "action": entry.action,
        "resource": entry.resource,
        "attributes": list(entry.attributes),
        "purpose": entry.purpose,
        "request_id": entry.request_id,
        "digest": entry.digest,
    }


def entry_from_dict(data: dict[str, Any]) -> LedgerEntry:
    """Inverse of :func:`entry_dict` (raises BadRequestData on a malformed record)."""
    try:
        return LedgerEntry(
            at_us=int(data["at_us"]),
            tenant=str(data["tenant"]),
            actor=str(data["actor"]),
            action=str(data["action"]),
            resource=str(data["resource"]),
            attributes=tuple(str(a) for a in data["attributes"]),
            purpose=str(data["purpose"]),
            request_id=str(data["request_id"]),
            digest=str(data["digest"]),
        )
    except (KeyError, TypeError, ValueError) as err:
        raise BadRequestData(f"malformed ledger record: {err}") from None


def clean_text(text: str) -> str:
    """``text`` as valid Unicode: lone surrogates (not encodable as UTF-8) become U+FFFD."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)
    return text


def cleaned(entry: LedgerEntry) -> LedgerEntry:
    """The entry with every text made valid Unicode (see :func:`clean_text`)."""
    return LedgerEntry(
        at_us=entry.at_us,
        actor=clean_text(entry.actor),
        action=entry.action,
        resource=clean_text(entry.resource),
        tenant=clean_text(entry.tenant),
        attributes=tuple(clean_text(a) for a in entry.attributes),
        purpose=clean_text(entry.purpose),
        request_id=clean_text(entry.request_id),
        digest=clean_text(entry.digest),
    )


def canonical(seq: int, entry: LedgerEntry) -> bytes:
    """The canonical bytes of record ``seq`` (see the module docstring)."""
    return _ENCODE(
        [
            FORMAT,
            seq,
            entry.at_us,
            entry.tenant,
            entry.actor,
            entry.action,
            entry.resource,
            list(entry.attributes),
            entry.purpose,
            entry.request_id,
            entry.digest,
        ]
    )


def canonical_row_text(row: Sequence[Any]) -> bytes:
    """Canonical bytes from a stored row ``(seq, at_us, tenant, actor, action, resource, attrs, purpose,
    request_id, digest, ...)`` whose ``attrs`` is the stored JSON text (hashed exactly as stored)."""
    return _ENCODE([FORMAT, *row[:6], msgspec.Raw(row[6]), *row[7:10]])


def leaf_hash(data: bytes) -> bytes:
    """SHA-256 of the leaf prefix and the canonical bytes."""
    return _sha256(LEAF_PREFIX + data).digest()


def chain_hash(previous: bytes, leaf: bytes) -> bytes:
    """SHA-256 of the previous chain hash and this leaf."""
    return _sha256(previous + leaf).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """An inner Merkle node."""
    return _sha256(NODE_PREFIX + left + right).digest()


def seal(entries: Iterable[LedgerEntry], *, first_seq: int, previous_chain: bytes) -> list[LedgerRecord]:
    """Number and hash entries following a chain whose last hash is ``previous_chain``."""
    out: list[LedgerRecord] = []
    chain = previous_chain
    seq = first_seq
    for given in entries:
        entry = given
        try:
            data = canonical(seq, entry)
        except UnicodeEncodeError:  # a lone surrogate cannot be UTF-8: record U+FFFD in its place
            entry = cleaned(given)
            data = canonical(seq, entry)
        leaf = _sha256(LEAF_PREFIX + data).digest()
        chain = _sha256(chain + leaf).digest()
        out.append(LedgerRecord(seq, entry, leaf, chain))
        seq += 1
    return out


# -- Merkle trees ------------------------------------------------------------------------------------------


def merkle_root(leaves: Sequence[bytes]) -> bytes:
    """The root over ``leaves`` (level by level, an odd last node carried up); raises on no leaves."""
    if not leaves:
        raise BadRequestData("a Merkle tree needs at least one leaf")
    level = list(leaves)
    while len(level) > 1:
        nxt = [_sha256(NODE_PREFIX + a + b).digest() for a, b in zip(level[0::2], level[1::2], strict=False)]
        if len(level) % 2:
            nxt.append(level[-1])
        level = nxt
    return level[0]


def merkle_path(leaves: Sequence[bytes], index: int) -> list[tuple[str, bytes]]:
    """The audit path of leaf ``index``: ``(side, sibling)`` pairs from the leaf up; side ``L`` means the
    sibling is on the left (hash ``sibling || node``), ``R`` on the right (hash ``node || sibling``)."""
    if not 0 <= index < len(leaves):
        raise BadRequestData(f"leaf index {index} outside 0..{len(leaves) - 1}")
    path: list[tuple[str, bytes]] = []
    level = list(leaves)
    i = index
    while len(level) > 1:
        if i % 2 == 1:
            path.append(("L", level[i - 1]))
        elif i + 1 < len(level):
            path.append(("R", level[i + 1]))
        # else: the odd last node is carried up without a sibling
        nxt = [_sha256(NODE_PREFIX + a + b).digest() for a, b in zip(level[0::2], level[1::2], strict=False)]
        if len(level) % 2:
            nxt.append(level[-1])
        level = nxt
        i //= 2
    return path


def root_from_path(leaf: bytes, path: Iterable[tuple[str, bytes]]) -> bytes:
    """Fold an audit path onto a leaf hash."""
    node = leaf
    for side, sibling in path:
        if side == "L":
            node = node_hash(sibling, node)
        elif side == "R":
            node = node_hash(node, sibling)
        else:
            raise BadRequestData(f"audit path side must be 'L' or 'R', got {side!r}")
    return node


# -- blocks ------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BlockHeader:
    """A sealed block: records ``first_seq..last_seq``, their Merkle root, and the chain links."""

    height: int
    first_seq: int
    last_seq: int
    sealed_at_us: int
    merkle_root: bytes
    prev_hash: bytes
    chain_head: bytes
    """The chain hash of ``last_seq``: ties the block to the record chain."""

    @property
    def count(self) -> int:
        """Records in the block."""
        return self.last_seq - self.first_seq + 1

    def canonical(self) -> bytes:
        """``[1, height, first_seq, last_seq, sealed_at_us, merkle_root, prev_hash, chain_head]`` as compact
        JSON, hashes in lowercase hex."""
        return _ENCODE(
            [
                FORMAT,
                self.height,
                self.first_seq,
                self.last_seq,
                self.sealed_at_us,
                self.merkle_root.hex(),
                self.prev_hash.hex(),
                self.chain_head.hex(),
            ]
        )

    @property
    def hash(self) -> bytes:
        """SHA-256 of the canonical header."""
        return _sha256(self.canonical()).digest()

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "height": self.height,
            "first_seq": self.first_seq,
            "last_seq": self.last_seq,
            "count": self.count,
            "sealed_at_us": self.sealed_at_us,
            "merkle_root": self.merkle_root.hex(),
            "prev_hash": self.prev_hash.hex(),
            "chain_head": self.chain_head.hex(),
            "hash": self.hash.hex(),
        }


def header_from_dict(data: dict[str, Any]) -> BlockHeader:
    """A header from its JSON form (raises BadRequestData when malformed)."""
    try:
        return BlockHeader(
            height=int(data["height"]),
            first_seq=int(data["first_seq"]),
            last_seq=int(data["last_seq"]),
            sealed_at_us=int(data["sealed_at_us"]),
            merkle_root=bytes.fromhex(data["merkle_root"]),
            prev_hash=bytes.fromhex(data["prev_hash"]),
            chain_head=bytes.fromhex(data["chain_head"]),
        )
    except (KeyError, TypeError, ValueError) as err:
        raise BadRequestData(f"malformed block header: {err}") from None


def make_block(
    height: int, first_seq: int, leaves: Sequence[bytes], *, chain_head: bytes, prev_hash: bytes, at_us: int
) -> BlockHeader:
    """Seal ``leaves`` (records ``first_seq`` onwards) as block ``height``."""
    return BlockHeader(
        height=height,
        first_seq=first_seq,
        last_seq=first_seq + len(leaves) - 1,
        sealed_at_us=at_us,
        merkle_root=merkle_root(leaves),
        prev_hash=prev_hash,
        chain_head=chain_head,
    )


# -- proofs ------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ProofCheck:
    """The outcome of checking an inclusion proof."""

    valid: bool
    reason: str = ""
    block_hash: str = ""


@dataclass(frozen=True, slots=True)
class InclusionProof:
    """That record ``seq`` with this content is leaf ``index`` of block ``block``."""

    seq: int
    entry: LedgerEntry
    index: int
    path: tuple[tuple[str, bytes], ...]
    block: BlockHeader
    anchors: tuple[dict[str, Any], ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """The exported JSON (docs/ledger.md describes every member)."""
        return {
            "algorithm": ALGORITHM,
            "record": {"seq": self.seq, **entry_dict(self.entry)},
            "leaf": leaf_hash(canonical(self.seq, self.entry)).hex(),
            "index": self.index,
            "path": [{"side": side, "hash": h.hex()} for side, h in self.path],
            "block": self.block.to_dict(),
            "anchors": list(self.anchors),
        }


def build_proof(
    seq: int,
    entry: LedgerEntry,
    block: BlockHeader,
    leaves: Sequence[bytes],
    anchors: Sequence[dict[str, Any]] = (),
) -> InclusionProof:
    """The inclusion proof of record ``seq`` in ``block`` whose leaves are ``leaves``."""
    if not block.first_seq <= seq <= block.last_seq or len(leaves) != block.count:
        raise BadRequestData(f"record {seq} is not in block {block.height}")
    index = seq - block.first_seq
    return InclusionProof(seq, entry, index, tuple(merkle_path(leaves, index)), block, tuple(anchors))


def verify_proof(proof: dict[str, Any], *, trusted_block_hash: str | None = None) -> ProofCheck:
    """Check an exported proof: leaf from the record, root from the path, block hash from the header.

    ``trusted_block_hash`` (hex) is the block hash obtained independently (an anchor); without it the proof
    only shows consistency with the header it carries.
    """
    try:
        if proof.get("algorithm") != ALGORITHM:
            return ProofCheck(False, f"unknown algorithm {proof.get('algorithm')!r}")
        record = proof["record"]
        seq = int(record["seq"])
        entry = entry_from_dict(record)
        leaf = leaf_hash(canonical(seq, entry))
        if proof.get("leaf") not in (None, leaf.hex()):
            return ProofCheck(False, "the leaf hash does not match the record")
        block = header_from_dict(proof["block"])
        if not block.first_seq <= seq <= block.last_seq:
            return ProofCheck(False, f"record {seq} is outside block {block.height}")
        path = [(str(p["side"]), bytes.fromhex(p["hash"])) for p in proof["path"]]
        if root_from_path(leaf, path) != block.merkle_root:
            return ProofCheck(False, "the audit path does not lead to the block's Merkle root")
        block_hash = block.hash.hex()
        if proof["block"].get("hash") not in (None, block_hash):
            return ProofCheck(False, "the block hash does not match the block header")
        if trusted_block_hash is not None and trusted_block_hash.lower() != block_hash:
            return ProofCheck(False, "the block hash differs from the trusted (anchored) hash")
    except (KeyError, TypeError, ValueError, BadRequestData) as err:
        return ProofCheck(False, f"malformed proof: {err}")
    return ProofCheck(True, "", block_hash)
