"""The device code: structure, generation, parsing, and the check character's error detection (exhaustive)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from citytwin.cli import main
from citytwin.core.codes import device_code
from citytwin.core.codes.city_code import ALPHABET
from citytwin.core.codes.device_code import (
    DOMAINS,
    LENGTH,
    check_char,
    entity_id,
    from_entity_id,
    generate,
    normalize,
    parse,
    validate,
)
from citytwin.core.codes.identify import detect_kind, validate_any
from citytwin.errors import InvalidCode

# The nine districts of Shenzhen (GB/T 2260), as shipped in citytwin/data/admin.
DISTRICTS = ["440303", "440304", "440305", "440306", "440307", "440308", "440309", "440310", "440311"]


def _corpus() -> list[str]:
    """Codes across every domain, several districts, type codes with letters and edge sequences."""
    codes = []
    for i, letter in enumerate(DOMAINS):
        for seq in (1, 42, 1_234_567, 9_999_999):
            codes.append(
                generate(DISTRICTS[i % len(DISTRICTS)], letter, f"{i % 9 + 1}{'0AZ'[i % 3]}", seq).code
            )
    return codes


CORPUS = _corpus()


def test_layout_of_a_generated_code() -> None:
    code = generate("440304", "water", "02", 1)
    assert code.code == "440304W020000001" + code.check
    assert len(code.code) == LENGTH
    assert (code.district, code.domain, code.type_code, code.sequence) == ("440304", "W", "02", 1)
    assert code.domain_name == "water"
    assert code.entity_id == f"urn:ngsi-ld:Device:{code.code}"
    assert code.check == check_char(code.body)
    assert parse(code.code) == code


@pytest.mark.parametrize("name", list(DOMAINS.values()))
def test_every_domain_by_name_and_letter(name: str) -> None:
    letter = next(k for k, v in DOMAINS.items() if v == name)
    by_name = generate("440305", name, "01", 7)
    assert by_name == generate("440305", letter, "01", 7)
    assert by_name.domain_name == name


def test_input_forms_are_normalised() -> None:
    code = generate("440303", "camera", "01", 12).code
    spaced = f"{code[:6]}-{code[6]}-{code[7:9]}-{code[9:16]}-{code[16]}".lower()
    assert normalize(spaced) == code
    assert parse(spaced).code == code
    assert validate(f" {code[:6]} {code[6:]} ").valid


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("", "empty"),
        ("440304W02000000", "17 characters"),
        ("440304W02000001+X", "bad character"),
        ("44030AW020000001X", "6 digits"),
        ("990304W020000001X", "province"),
        ("440304Q020000001X", "domain"),
        ("440304W000000001X", "reserved"),
        ("440304W020000A01X", "7 digits"),
        ("440304W020000000X", "sequence 0"),
    ],
)
def test_malformed_codes_say_why(text: str, needle: str) -> None:
    verdict = validate(text)
    assert not verdict.valid
    assert needle in verdict.reason
    with pytest.raises(InvalidCode, match=needle):
        parse(text)


def test_non_strings_are_invalid() -> None:
    assert not validate(440304).valid
    assert "string" in validate(None).reason


def test_generate_checks_its_inputs() -> None:
    with pytest.raises(InvalidCode, match="district"):
        generate("440399", "water", "01", 1)  # not a Shenzhen district
    with pytest.raises(InvalidCode, match="6-digit"):
        generate("440304007", "water", "01", 1)  # a street code
    with pytest.raises(InvalidCode, match="sequence"):
        generate("440304", "water", "01", 10_000_000)
    with pytest.raises(InvalidCode, match="type code"):
        generate("440304", "water", "00", 1)
    with pytest.raises(InvalidCode, match="domain"):
        generate("440304", "sewage", "01", 1)


@pytest.mark.parametrize("code", CORPUS)
def test_every_single_substitution_is_detected(code: str) -> None:
    for pos in range(LENGTH):
        for char in ALPHABET:
            if char != code[pos]:
                typo = code[:pos] + char + code[pos + 1 :]
                assert not validate(typo).valid, typo


@pytest.mark.parametrize("code", CORPUS)
def test_every_adjacent_transposition_is_detected(code: str) -> None:
    for pos in range(LENGTH - 1):
        a, b = code[pos], code[pos + 1]
        if a != b:
            swapped = code[:pos] + b + a + code[pos + 2 :]
            assert not validate(swapped).valid, swapped


def test_detection_holds_for_every_state_and_symbol_pair() -> None:
    """The quasigroup property behind the examples above, checked for every case, not samples.

    A one-character prefix reaches every one of the 36 check states; from each, two different symbols
    give different states (single substitutions), swapping two different symbols gives a different state
    (adjacent transpositions in the body), and swapping the last body symbol with the check character
    never yields another valid code. Later steps are bijections, so a difference is never undone.
    """
    states = {check_char(p) for p in ALPHABET}
    assert len(states) == len(ALPHABET)
    for p in ALPHABET:
        for x in ALPHABET:
            for y in ALPHABET:
                if x == y:
                    continue
                assert check_char(p + x) != check_char(p + y)
                assert check_char(p + x + y) != check_char(p + y + x)
            check = check_char(p + x)
            if check != x:
                assert check_char(p + check) != x


@settings(max_examples=200, deadline=None)
@given(
    district=st.sampled_from(DISTRICTS),
    domain=st.sampled_from(list(DOMAINS)),
    type_code=st.text(alphabet=ALPHABET, min_size=2, max_size=2).filter(lambda t: t != "00"),
    sequence=st.integers(min_value=1, max_value=9_999_999),
)
def test_generate_and_parse_round_trip(district: str, domain: str, type_code: str, sequence: int) -> None:
    code = generate(district, domain, type_code, sequence)
    again = parse(code.code)
    assert again == code
    assert from_entity_id(code.entity_id) == code.code
    assert entity_id(code.code.lower()) == code.entity_id


def test_from_entity_id_rejects_other_ids() -> None:
    assert from_entity_id("urn:ngsi-ld:Building:b1") is None
    assert from_entity_id("urn:ngsi-ld:Device:not-a-code") is None


def test_identify_detects_device_codes_and_keeps_city_codes_apart() -> None:
    code = generate("440305", "building", "01", 1_234_567).code
    assert detect_kind(code) == "device_code"
    assert validate_any(code).valid
    # A city code with a 7-digit sequence has the same compact shape; its hyphens keep it a city code.
    assert detect_kind("440305-BD-S1234567D") == "city_code"
    assert validate_any("440305-BD-S1234567D").valid
    assert not validate_any(code[:-1] + ("0" if code[-1] != "0" else "1"), "device_code").valid


def test_cli_validates_device_codes() -> None:
    code = device_code.generate("440304", "water", "02", 3).code
    runner = CliRunner()
    ok = runner.invoke(main, ["ids", "validate", "--kind", "device_code", code])
    assert ok.exit_code == 0, ok.output
    assert '"valid": true' in ok.output
    bad = runner.invoke(main, ["ids", "validate", code[:-1] + ("X" if code[-1] != "X" else "Y")])
    assert bad.exit_code == 1
    assert '"kind": "device_code"' in bad.output
    assert "check character" in bad.output
