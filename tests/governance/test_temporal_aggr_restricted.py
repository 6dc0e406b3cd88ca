"""Aggregated temporal answers for a restricted subject: the periods start at the first instance of what the
subject is answered (and the whole-range period ends after its last), not at an attribute the policy hides
or masks. Both backends, the shipped policy plus a rule hiding a vehicle's plate from city operators.

A city operator reads Persons up to grade 3: ``idNumber`` (grade 4) is hidden, ``phone`` is masked (so not
aggregated), ``age`` is in clear. On Vehicles, the deny rule hides ``plate``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from starlette.testclient import TestClient

from citytwin.api.app import create_app
from citytwin.governance.enforce_policy import default_document
from citytwin.settings import Settings
from tests.api.conftest import V1
from tests.governance.helpers import account_keys, backend_store

T = f"{V1}/temporal/entities"
DAY = "2025-03-02T"
PERSON = "urn:ngsi-ld:Person:aggr-0001"
VEHICLE = "urn:ngsi-ld:Vehicle:aggr-0001"
ACTORS: dict[str, dict[str, Any]] = {
    "admin": {"roles": ("administrator",)},
    "operator": {"roles": ("city-operator",)},
}


def at(hh_mm: str) -> str:
    return f"{DAY}{hh_mm}:00Z"


def after(hh_mm: str) -> str:
    """The end of a whole-range period whose last instance is at ``hh_mm`` (1 µs later)."""
    return f"{DAY}{hh_mm}:00.000001Z"


def prop(value: Any, when: str) -> dict[str, Any]:
    return {"type": "Property", "value": value, "observedAt": at(when)}


def policy() -> dict[str, Any]:
    doc = default_document()
    doc["rules"].append(
        {
            "id": "no-plates",
            "effect": "deny",
            "subjects": {"roles": ["city-operator"]},
            "actions": ["read"],
            "resources": {"types": ["Vehicle"]},
            "attributes": ["plate"],
        }
    )
    return doc


@dataclass
class Secured:
    client: TestClient
    keys: dict[str, str]

    def get(self, actor: str, path: str, **params: str) -> Any:
        response = self.client.get(path, params=params, headers={"X-API-Key": self.keys[actor]})
        assert response.status_code == 200, response.text
        return response.json()


AGES = [prop(81, "08:05"), prop(82, "08:35"), prop(83, "09:20")]
SPEEDS = [prop(10, "12:05"), prop(20, "12:35"), prop(30, "13:20")]


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def secured(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Secured]:
    tmp: Path = tmp_path_factory.mktemp("aggr-restricted")
    policy_file = tmp / "policy.yaml"
    policy_file.write_text(yaml.safe_dump(policy(), allow_unicode=True), encoding="utf-8")
    with backend_store(request.param, tmp) as (url, store):
        keys = account_keys(store, ACTORS)
        settings = Settings(
            db=url, auth=True, auth_signing_key=tmp / "signing-key.pem", policy_file=policy_file
        )
        with TestClient(create_app(settings, store=store), raise_server_exceptions=False) as client:
            secured = Secured(client, keys)
            bodies = [
                {
                    "id": PERSON,
                    "type": "Person",
                    # hidden from the operator: before and after every instance it is answered
                    "idNumber": [prop("440304195001011234", "06:00"), prop("440304195001011235", "11:00")],
                    "phone": [prop("13812345678", "07:00"), prop("13812349999", "10:30")],  # masked
                    "age": AGES,
                },
                {
                    "id": VEHICLE,
                    "type": "Vehicle",
                    "plate": [prop("粤B12345", "10:00"), prop("粤B54321", "15:00")],
                    "speed": SPEEDS,
                },
            ]
            for body in bodies:
                made = client.post(T, json=body, headers={"X-API-Key": keys["admin"]})
                assert made.status_code == 201, made.text
            yield secured


def aggregated(secured: Secured, actor: str, entity_id: str, methods: str, **params: str) -> Any:
    return secured.get(actor, f"{T}/{entity_id}", options="aggregatedValues", aggrMethods=methods, **params)


def test_hidden_and_masked_attributes_do_not_move_the_periods(secured: Secured) -> None:
    body = aggregated(secured, "operator", PERSON, "sum,totalCount", aggrPeriodDuration="PT1H")
    assert set(body) == {"id", "type", "age"}  # idNumber hidden, phone masked: neither aggregated
    assert body["age"]["sum"] == [[163.0, at("08:05"), at("09:05")], [83.0, at("09:05"), at("10:05")]]
    assert body["age"]["totalCount"] == [[2, at("08:05"), at("09:05")], [1, at("09:05"), at("10:05")]]
    whole = aggregated(secured, "operator", PERSON, "max")
    assert whole["age"]["max"] == [[83.0, at("08:05"), after("09:20")]]


def test_the_administrator_still_sees_every_attribute_set_the_periods(secured: Secured) -> None:
    body = aggregated(secured, "admin", PERSON, "max", aggrPeriodDuration="PT1H")
    assert {"idNumber", "phone", "age"} <= set(body)
    assert body["age"]["max"] == [[82.0, at("08:00"), at("09:00")], [83.0, at("09:00"), at("10:00")]]
    assert aggregated(secured, "admin", PERSON, "max")["age"]["max"] == [[83.0, at("06:00"), after("11:00")]]


def test_an_attribute_a_deny_rule_hides_does_not_move_the_periods(secured: Secured) -> None:
    body = aggregated(secured, "operator", VEHICLE, "sum", aggrPeriodDuration="PT1H")
    assert set(body) == {"id", "type", "speed"}
    assert body["speed"]["sum"] == [[30.0, at("12:05"), at("13:05")], [30.0, at("13:05"), at("14:05")]]
    before = aggregated(secured, "operator", VEHICLE, "sum", timerel="before", timeAt=at("14:00"))
    assert before["speed"]["sum"] == [[60.0, at("12:05"), at("14:00")]]
    after_ = aggregated(secured, "operator", VEHICLE, "sum", timerel="after", timeAt=at("12:30"))
    assert after_["speed"]["sum"] == [[50.0, at("12:30"), after("13:20")]]


def test_the_query_endpoint_answers_the_same_periods(secured: Secured) -> None:
    got = secured.get(
        "operator",
        T,
        type="Vehicle,Person",
        timerel="before",
        timeAt=at("23:00"),
        options="aggregatedValues",
        aggrMethods="sum",
        aggrPeriodDuration="PT2H",
    )
    by_id = {e["id"]: e for e in got}
    # one origin for the answer: the first instance answered of any entity (the person's age at 08:05)
    assert by_id[PERSON]["age"]["sum"] == [[246.0, at("08:05"), at("10:05")]]
    assert by_id[VEHICLE]["speed"]["sum"] == [[60.0, at("12:05"), at("14:05")]]
    assert set(by_id[VEHICLE]) == {"id", "type", "speed"} and set(by_id[PERSON]) == {"id", "type", "age"}


def test_a_selection_aggregated_from_instances_leaves_hidden_attributes_out(secured: Secured) -> None:
    body = aggregated(secured, "operator", VEHICLE, "sum", aggrPeriodDuration="PT1H", datasetId="@none")
    assert set(body) == {"id", "type", "speed"}
    assert body["speed"]["sum"] == [[30.0, at("12:05"), at("13:05")], [30.0, at("13:05"), at("14:05")]]
    person = aggregated(secured, "operator", PERSON, "max,totalCount", datasetId="@none")
    assert set(person) == {"id", "type", "age"}
    assert person["age"]["totalCount"] == [[3, at("08:05"), after("09:20")]]
