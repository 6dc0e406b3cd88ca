"""The MQTT topic scheme and broker URLs (no broker needed)."""

from __future__ import annotations

import pytest

from citytwin.errors import BadRequestData
from citytwin.ingest.iot.mqtt_topics import (
    BrokerAddress,
    Topic,
    ack_topic,
    command_topic,
    gateway_topic,
    ingest_filters,
    parse_broker_url,
    parse_topic,
    telemetry_topic,
)


def test_topics_round_trip() -> None:
    assert telemetry_topic("", "440304W01A0000017") == "citytwin/_/440304W01A0000017/telemetry"
    assert telemetry_topic("futian", "D1") == "citytwin/futian/D1/telemetry"
    assert gateway_topic("", "gw-7") == "citytwin/_/gateway/gw-7/telemetry"
    assert command_topic("", "D1") == "citytwin/_/D1/command"
    assert ack_topic("t:1", "D1") == "citytwin/t:1/D1/command/ack"
    assert parse_topic("citytwin/_/D1/telemetry") == Topic("telemetry", "", device_code="D1")
    assert parse_topic("citytwin/futian/D1/telemetry") == Topic("telemetry", "futian", device_code="D1")
    assert parse_topic("citytwin/_/gateway/gw-7/telemetry") == Topic("gateway", "", gateway_id="gw-7")
    assert parse_topic("citytwin/_/D1/command") == Topic("command", "", device_code="D1")
    assert parse_topic("citytwin/x/D1/command/ack") == Topic("ack", "x", device_code="D1")


@pytest.mark.parametrize(
    "topic",
    [
        "other/_/D1/telemetry",
        "citytwin/_/D1",
        "citytwin/_/D1/status",
        "citytwin/_/gateway/telemetry",
        "citytwin/bad tenant!/D1/telemetry",
        "citytwin/_//telemetry",
        "citytwin/_/D1/telemetry/extra",
    ],
)
def test_foreign_topics_are_not_parsed(topic: str) -> None:
    assert parse_topic(topic) is None


def test_unnameable_parts_are_refused() -> None:
    for code in ("a/b", "a+b", "#", "gateway", ""):
        with pytest.raises(BadRequestData):
            telemetry_topic("", code)
    for tenant in ("_", "bad tenant", "a/b"):
        with pytest.raises(BadRequestData):
            telemetry_topic(tenant, "D1")


def test_shared_filters() -> None:
    assert ingest_filters() == (
        "$share/citytwin-ingest/citytwin/+/+/telemetry",
        "$share/citytwin-ingest/citytwin/+/gateway/+/telemetry",
    )
    assert ingest_filters("", "g") == (
        "$share/g/citytwin/_/+/telemetry",
        "$share/g/citytwin/_/gateway/+/telemetry",
    )


def test_broker_urls() -> None:
    assert parse_broker_url("mqtt://127.0.0.1:1883") == BrokerAddress("127.0.0.1", 1883)
    assert parse_broker_url("mqtt://broker") == BrokerAddress("broker", 1883)
    assert parse_broker_url("tcp://u:p%40ss@h:1884") == BrokerAddress("h", 1884, "u", "p@ss")
    assert str(parse_broker_url("mqtt://u:secret@h:1")) == "mqtt://u@h:1"
    for bad in ("http://h", "mqtt://", "mqtt://h:99999", "mqtt://h/x", "h:1883"):
        with pytest.raises(BadRequestData):
            parse_broker_url(bad)
