"""A binary glTF 2.0 (GLB) writer for building meshes with per-feature ids and properties.

Features follow 3D Tiles 1.1: ``EXT_mesh_features`` maps every vertex to its building through the
``_FEATURE_ID_0`` attribute, and ``EXT_structural_metadata`` carries a property table (one row per building:
its twin id, name, height ... ) that a viewer reads when a building is picked or styled. Written with
numpy and struct only.
"""

from __future__ import annotations

import json
import struct
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from citytwin.tiles.extrude import Mesh

GLB_MAGIC = 0x46546C67  # "glTF"
CHUNK_JSON = 0x4E4F534A
CHUNK_BIN = 0x004E4942
_ARRAY_BUFFER = 34962
_ELEMENT_ARRAY_BUFFER = 34963
_FLOAT = 5126
_UINT = 5125
_ALIGN = 8  # EXT_structural_metadata asks for 8-byte aligned buffer views

BASE_COLOUR = (0.86, 0.86, 0.84, 1.0)


@dataclass(frozen=True, slots=True)
class Column:
    """One property of the table: a name, a kind (``STRING`` or ``FLOAT32``) and one value per feature."""

    name: str
    kind: str
    values: Sequence[Any]
    description: str = ""


class _Bin:
    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.size = 0
        self.views: list[dict[str, Any]] = []

    def add(self, data: bytes, target: int | None = None) -> int:
        pad = (-self.size) % _ALIGN
        if pad:
            self.parts.append(b"\0" * pad)
            self.size += pad
        view: dict[str, Any] = {"buffer": 0, "byteOffset": self.size, "byteLength": len(data)}
        if target is not None:
            view["target"] = target
        self.parts.append(data)
        self.size += len(data)
        self.views.append(view)
        return len(self.views) - 1

    def payload(self) -> bytes:
        data = b"".join(self.parts)
        return data + b"\0" * ((-len(data)) % 4)


def _strings(values: Sequence[Any]) -> tuple[bytes, bytes]:
    texts = ["" if v is None else str(v) for v in values]
    joined = "".join(texts)
    offsets = np.zeros(len(texts) + 1, dtype="<u4")
    if joined.isascii():  # ids and codes: one character is one byte, so no per-string encoding
        np.cumsum([len(t) for t in texts], out=offsets[1:])
        return joined.encode("ascii"), offsets.tobytes()
    encoded = [t.encode("utf-8") for t in texts]
    np.cumsum([len(e) for e in encoded], out=offsets[1:])
    return b"".join(encoded), offsets.tobytes()


def _table(columns: Sequence[Column], count: int, binary: _Bin) -> tuple[dict[str, Any], dict[str, Any]]:
    schema_props: dict[str, Any] = {}
    table_props: dict[str, Any] = {}
    for col in columns:
        if len(col.values) != count:
            raise ValueError(f"column {col.name} has {len(col.values)} values for {count} features")
        if col.kind == "STRING":
            values, offsets = _strings(col.values)
            schema_props[col.name] = {"type": "STRING"}
            table_props[col.name] = {
                "values": binary.add(values),
                "stringOffsets": binary.add(offsets),
                "stringOffsetType": "UINT32",
            }
        elif col.kind == "FLOAT32":
            arr = np.array([np.nan if v is None else v for v in col.values], dtype="<f4")
            # A missing number is the noData value, which the viewer reads as "absent".
            arr[~np.isfinite(arr)] = -1.0
            schema_props[col.name] = {"type": "SCALAR", "componentType": "FLOAT32", "noData": -1.0}
            table_props[col.name] = {"values": binary.add(arr.tobytes())}
        else:
            raise ValueError(f"unknown column kind {col.kind!r}")
        if col.description:
            schema_props[col.name]["description"] = col.description
    return schema_props, table_props


def _accessor(view: int, component: int, count: int, kind: str, **extra: Any) -> dict[str, Any]:
    return {"bufferView": view, "componentType": component, "count": count, "type": kind, **extra}


def write_glb(
    mesh: Mesh,
    columns: Sequence[Column],
    feature_count: int,
    *,
    class_name: str = "building",
    colour: Sequence[float] = BASE_COLOUR,
) -> bytes:
    """The GLB bytes of one mesh with its feature table."""
    binary = _Bin()
    pos = np.ascontiguousarray(mesh.positions, dtype="<f4")
    nrm = np.ascontiguousarray(mesh.normals, dtype="<f4")
    fid = np.ascontiguousarray(mesh.feature_ids, dtype="<f4")
    idx = np.ascontiguousarray(mesh.indices, dtype="<u4")
    n = len(pos)
    lo = pos.min(axis=0) if n else np.zeros(3)
    hi = pos.max(axis=0) if n else np.zeros(3)
    accessors = [
        _accessor(
            binary.add(pos.tobytes(), _ARRAY_BUFFER),
            _FLOAT,
            n,
            "VEC3",
            min=[float(v) for v in lo],
            max=[float(v) for v in hi],
        ),
        _accessor(binary.add(nrm.tobytes(), _ARRAY_BUFFER), _FLOAT, n, "VEC3"),
        _accessor(binary.add(fid.tobytes(), _ARRAY_BUFFER), _FLOAT, n, "SCALAR"),
        _accessor(binary.add(idx.tobytes(), _ELEMENT_ARRAY_BUFFER), _UINT, len(idx), "SCALAR"),
    ]
    schema_props, table_props = _table(columns, feature_count, binary)
    doc: dict[str, Any] = {
        "asset": {"version": "2.0", "generator": "citytwin"},
        "extensionsUsed": ["EXT_mesh_features", "EXT_structural_metadata"],
        "extensions": {
            "EXT_structural_metadata": {
                "schema": {"id": "citytwin", "classes": {class_name: {"properties": schema_props}}},
                "propertyTables": [{"class": class_name, "count": feature_count, "properties": table_props}],
            }
        },
        "scene": 0,
        "scenes": [{"nodes": [0]}],
        "nodes": [{"mesh": 0}],
        "meshes": [
            {
                "primitives": [
                    {
                        "attributes": {"POSITION": 0, "NORMAL": 1, "_FEATURE_ID_0": 2},
                        "indices": 3,
                        "material": 0,
                        "mode": 4,
                        "extensions": {
                            "EXT_mesh_features": {
                                "featureIds": [
                                    {"featureCount": feature_count, "attribute": 0, "propertyTable": 0}
                                ]
                            }
                        },
                    }
                ]
            }
        ],
        "materials": [
            {
                "pbrMetallicRoughness": {
                    "baseColorFactor": [float(c) for c in colour],
                    "metallicFactor": 0.0,
                    "roughnessFactor": 1.0,
                }
            }
        ],
        "accessors": accessors,
        "bufferViews": binary.views,
        "buffers": [{"byteLength": binary.size}],
    }
    return pack_glb(doc, binary.payload())


def pack_glb(doc: Mapping[str, Any], payload: bytes) -> bytes:
    """Assemble a GLB container from the JSON document and the binary chunk."""
    text = json.dumps(doc, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    text += b" " * ((-len(text)) % 4)
    total = 12 + 8 + len(text) + (8 + len(payload) if payload else 0)
    out = [struct.pack("<III", GLB_MAGIC, 2, total), struct.pack("<II", len(text), CHUNK_JSON), text]
    if payload:
        out += [struct.pack("<II", len(payload), CHUNK_BIN), payload]
    return b"".join(out)


def read_glb(data: bytes) -> tuple[dict[str, Any], bytes]:
    """Split a GLB into its JSON document and binary chunk (checks the header)."""
    magic, version, total = struct.unpack_from("<III", data, 0)
    if magic != GLB_MAGIC or version != 2 or total != len(data):
        raise ValueError("not a glTF 2.0 binary")
    length, kind = struct.unpack_from("<II", data, 12)
    if kind != CHUNK_JSON:
        raise ValueError("the first GLB chunk must be JSON")
    doc = json.loads(data[20 : 20 + length])
    payload = b""
    rest = 20 + length
    if rest < total:
        blen, bkind = struct.unpack_from("<II", data, rest)
        if bkind != CHUNK_BIN:
            raise ValueError("the second GLB chunk must be BIN")
        payload = data[rest + 8 : rest + 8 + blen]
    return doc, payload


def accessor_array(doc: Mapping[str, Any], payload: bytes, index: int) -> npt.NDArray[Any]:
    """An accessor's data as a numpy array (tightly packed views only)."""
    acc = doc["accessors"][index]
    view = doc["bufferViews"][acc["bufferView"]]
    dtype = {_FLOAT: "<f4", _UINT: "<u4", 5123: "<u2", 5121: "u1"}[acc["componentType"]]
    width = {"SCALAR": 1, "VEC2": 2, "VEC3": 3, "VEC4": 4}[acc["type"]]
    start = view.get("byteOffset", 0) + acc.get("byteOffset", 0)
    arr = np.frombuffer(payload, dtype=dtype, count=acc["count"] * width, offset=start)
    return arr.reshape(-1, width) if width > 1 else arr


def property_values(doc: Mapping[str, Any], payload: bytes, name: str) -> list[Any]:
    """The values of one property-table column (strings or numbers) of a GLB written here."""
    meta = doc["extensions"]["EXT_structural_metadata"]
    table = meta["propertyTables"][0]
    schema = meta["schema"]["classes"][table["class"]]["properties"][name]
    prop = table["properties"][name]
    views = doc["bufferViews"]

    def raw(view_index: int) -> bytes:
        v = views[view_index]
        return payload[v.get("byteOffset", 0) : v.get("byteOffset", 0) + v["byteLength"]]

    if schema["type"] == "STRING":
        data = raw(prop["values"])
        offsets = np.frombuffer(raw(prop["stringOffsets"]), dtype="<u4")
        return [data[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(table["count"])]
    values = np.frombuffer(raw(prop["values"]), dtype="<f4")
    return [None if v == schema.get("noData") else float(v) for v in values]
