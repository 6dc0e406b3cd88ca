"""Model levels of the twin hierarchy (孪生数据分级), aligned with CIM1..CIM7."""

from __future__ import annotations

from enum import IntEnum

from citytwin.errors import BadRequestData


class ModelLevel(IntEnum):
    """surface → city → district → community → building → component → part (CIM1..CIM7)."""

    SURFACE = 1
    CITY = 2
    DISTRICT = 3
    COMMUNITY = 4
    BUILDING = 5
    COMPONENT = 6
    PART = 7

    @property
    def cim(self) -> str:
        """The CIM level name, e.g. ``CIM5`` for a building."""
        return f"CIM{self.value}"

    @property
    def label(self) -> str:
        """The English name used in code and the API, e.g. ``building``."""
        return self.name.lower()

    @property
    def label_zh(self) -> str:
        """The Chinese name of the level."""
        return _ZH[self]

    @classmethod
    def parse(cls, value: str | int) -> ModelLevel:
        """Accept ``building``, ``BUILDING``, ``CIM5``, ``5``, 5 or ``建筑物``."""
        if isinstance(value, int) and not isinstance(value, bool):
            try:
                return cls(value)
            except ValueError:
                raise BadRequestData(f"model level {value} is not one of 1..7") from None
        text = str(value).strip()
        upper = text.upper()
        if upper.startswith("CIM") and upper[3:].isdigit():
            return cls.parse(int(upper[3:]))
        if text.isdigit():
            return cls.parse(int(text))
        if upper in cls.__members__:
            return cls[upper]
        for level, name in _ZH.items():
            if name == text:
                return level
        names = ", ".join(m.label for m in cls)
        raise BadRequestData(f"unknown model level {value!r}; expected one of {names} or CIM1..CIM7")


_ZH = {
    ModelLevel.SURFACE: "地表",
    ModelLevel.CITY: "市域",
    ModelLevel.DISTRICT: "城区",
    ModelLevel.COMMUNITY: "社区",
    ModelLevel.BUILDING: "建筑物",
    ModelLevel.COMPONENT: "构件",
    ModelLevel.PART: "零件",
}
