"""Instance ids are URNs of well-formed, random version-4 UUIDs."""

from __future__ import annotations

import uuid

from citytwin.core.instance_ids import PREFIX, instance_id, instance_ids


def test_ids_are_version_4_uuids_and_unique() -> None:
    ids = [*instance_ids(5000), instance_id()]
    assert len(set(ids)) == len(ids)
    for text in ids:
        assert text.startswith(PREFIX)
        parsed = uuid.UUID(text.removeprefix(PREFIX))
        assert parsed.version == 4 and parsed.variant == uuid.RFC_4122
        assert str(parsed) == text.removeprefix(PREFIX)
    assert instance_ids(0) == []


def test_every_variant_digit_occurs() -> None:
    digits = {i.removeprefix(PREFIX)[19] for i in instance_ids(2000)}
    assert digits == set("89ab")
