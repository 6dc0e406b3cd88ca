"""The shared structures of fan-out: the WebSocket filter index (type, area) and subscription lanes."""

from __future__ import annotations

from citytwin.core.entities import Entity, prop
from citytwin.core.events import ChangeKind
from citytwin.stream.changes import Change
from citytwin.stream.lane import Lane, LaneIndex
from citytwin.stream.wsfilter import area_key
from citytwin.stream.wsindex import FilterIndex


def change(seq: int, code: str | None, types: tuple[str, ...] = ("Building",), tenant: str = "") -> Change:
    entity = Entity(f"urn:ngsi-ld:{types[0]}:{seq}", types, {"height": [prop(seq)]})
    if code is not None:
        entity.set("adminCode", prop(code))
    return Change(seq, tenant, ChangeKind.UPDATED, entity.id, types, 0, entity, None, (), ("height",))


def test_filter_index_finds_groups_by_type_and_area() -> None:
    index: FilterIndex[str] = FilterIndex(area_key)
    index.add("", ("Building",), "4403", b"city", "city")
    index.add("", ("Building",), "440304", b"futian", "futian")
    index.add("", ("Building",), "440305", b"nanshan", "nanshan")
    index.add("", ("Building",), None, b"all", "all")
    index.add("", None, "440304", b"any-type-futian", "any-type-futian")
    index.add("other", ("Building",), None, b"other", "other")
    found = index.candidates(change(1, "440304001019"))
    assert set(found.values()) == {"city", "futian", "all", "any-type-futian"}
    assert set(index.candidates(change(2, None)).values()) == {"all"}
    assert set(index.candidates(change(3, "440305", ("Road",))).values()) == set()
    assert set(index.candidates(change(4, "440305", ("Building", "Road"))).values()) == {
        "city",
        "nanshan",
        "all",
    }
    index.remove("", ("Building",), "440304", b"futian")
    index.remove("", None, "440304", b"any-type-futian")
    assert set(index.candidates(change(5, "440304")).values()) == {"city", "all"}
    assert set(index.candidates(change(6, "440304", tenant="other")).values()) == {"other"}


class Member:
    def __init__(self) -> None:
        self.position = 0
        self.nudged = 0
        self.behind = False

    def nudge(self) -> None:
        self.nudged += 1

    def fall_behind(self) -> None:
        self.behind = True


def test_a_lane_renders_once_per_rendering_and_keeps_what_its_slowest_member_needs() -> None:
    lanes = LaneIndex()
    lane = lanes.lane(b"k", "", ("Building",), lambda c: True)
    assert lanes.lane(b"k", "", ("Building",), lambda c: False) is lane
    fast, slow = Member(), Member()
    lane.join(fast)
    lane.append(change(1, None))
    lane.join(slow)  # gets what is appended from now on
    assert slow.position == 1
    for seq in range(2, 6):
        lane.append(change(seq, None))
    rendered: list[int] = []

    def render(c: Change) -> bytes:
        rendered.append(c.seq)
        return str(c.seq).encode()

    assert lane.items(7, fast.position, 3, render) == [b"1", b"2", b"3"]
    assert lane.items(7, slow.position, 10, render) == [b"2", b"3", b"4", b"5"]
    assert rendered == [1, 2, 3, 4, 5]  # each change once for rendering 7
    assert lane.items(8, 4, 10, render) == [b"5"]  # another rendering: its own list, from the lane's start
    assert rendered == [1, 2, 3, 4, 5] * 2
    fast.position, slow.position = 5, 3
    lane.trim(slack=1)
    assert lane.first == 3 and [c.seq for c in lane.slice(3, 10)] == [4, 5]
    assert lane.items(7, 3, 10, render) == [b"4", b"5"] and len(rendered) == 10  # nothing rendered again
    assert lanes.candidates(change(9, None)) == {b"k": lane}
    lane.leave(fast)
    lane.leave(slow)
    lanes.drop_if_empty(lane)
    assert lanes.candidates(change(9, None)) == {} and not isinstance(lanes.lanes.get(b"k"), Lane)
