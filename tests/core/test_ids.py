"""Unified social credit codes (GB 32100-2015) and resident ID numbers (GB 11643-1999)."""

from __future__ import annotations

import hashlib
import hmac
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citytwin.core.codes.ids import (
    USCC_ALPHABET,
    Validation,
    ensure_resident_id,
    ensure_uscc,
    hash_resident_id,
    mask_resident_id,
    resident_id_birth_date,
    resident_id_check_char,
    uscc_check_char,
    validate_resident_id,
    validate_uscc,
)
from citytwin.errors import BadRequestData, InvalidCode

USCC_VALID = ["91350100M000100Y43", "91440300708461136T"]
RESIDENT_VALID = "11010519491231002X"
KEY = b"0123456789abcdef0123456789abcdef"
TODAY = date(2025, 1, 1)


def _with_check(first17: str) -> str:
    return first17 + resident_id_check_char(first17)


# --- USCC ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", USCC_VALID)
def test_spec_uscc_examples_are_valid(code: str) -> None:
    result = validate_uscc(code)
    assert result == Validation("uscc", True, "")
    assert result
    assert uscc_check_char(code[:17]) == code[17]
    assert ensure_uscc(code) == code


def test_uscc_is_normalised_to_upper_case_and_trimmed() -> None:
    assert ensure_uscc(" 91440300708461136t ") == "91440300708461136T"


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("", "wrong length: a USCC has 18 characters, got 0"),
        ("91440300708461136", "wrong length: a USCC has 18 characters, got 17"),
        ("91440300708461136TT", "wrong length: a USCC has 18 characters, got 19"),
        ("9144I300708461136T", "bad character 'I' at position 5"),
        ("91440300708461136O", "bad character 'O' at position 18"),
        ("9144030070846113ST", "bad character 'S' at position 17"),
        ("91440300708461136V", "bad character 'V' at position 18"),
        ("914403007084611-6T", "bad character '-' at position 16"),
        ("91A40300708461136T", "bad character 'A' at position 3: the region is digits"),
        ("91440300708461136X", "check character should be T, got X"),
        ("91350100M000100Y44", "check character should be 3, got 4"),
    ],
)
def test_uscc_invalid_variants_name_the_problem(code: str, reason: str) -> None:
    result = validate_uscc(code)
    assert not result.valid
    assert result.kind == "uscc"
    assert result.reason == reason
    with pytest.raises(InvalidCode, match="^" + reason.replace("(", r"\(")):
        ensure_uscc(code)


def test_uscc_non_string_is_invalid_not_a_crash() -> None:
    assert validate_uscc(91440300708461136).reason.startswith("a USCC must be a string")


@pytest.mark.parametrize("code", USCC_VALID)
def test_uscc_every_single_substitution_and_adjacent_transposition_is_caught(code: str) -> None:
    for i, original in enumerate(code):
        for char in USCC_ALPHABET:
            if char != original:
                assert not validate_uscc(code[:i] + char + code[i + 1 :]).valid, (i, char)
    for i in range(len(code) - 1):
        if code[i] != code[i + 1]:
            swapped = code[:i] + code[i + 1] + code[i] + code[i + 2 :]
            assert not validate_uscc(swapped).valid, i


@settings(max_examples=200, database=None, deadline=None)
@given(st.text(alphabet=USCC_ALPHABET, min_size=17, max_size=17))
def test_uscc_computed_check_always_validates(first17: str) -> None:
    # Positions 3..8 must be digits, so force a region.
    body = first17[:2] + "440300" + first17[8:]
    assert validate_uscc(body + uscc_check_char(body)).valid


def test_uscc_check_char_rejects_bad_input() -> None:
    with pytest.raises(InvalidCode, match="17 characters"):
        uscc_check_char("123")
    with pytest.raises(InvalidCode, match="bad character 'I' at position 1"):
        uscc_check_char("I" * 17)


# --- resident ID --------------------------------------------------------------------------------------------


def test_spec_resident_id_example_is_valid() -> None:
    assert validate_resident_id(RESIDENT_VALID, today=TODAY) == Validation("resident_id", True, "")
    assert resident_id_check_char(RESIDENT_VALID[:17]) == "X"
    assert ensure_resident_id(RESIDENT_VALID.lower(), today=TODAY) == RESIDENT_VALID
    assert resident_id_birth_date(RESIDENT_VALID) == date(1949, 12, 31)


@pytest.mark.parametrize(
    "code",
    [
        _with_check("44030519900101123"),
        _with_check("44030420000229001"),  # 2000 was a leap year
        _with_check("65010119800101000"),
        _with_check("81000019700101000"),  # Hong Kong residence permit prefix
    ],
)
def test_more_valid_resident_ids(code: str) -> None:
    assert validate_resident_id(code, today=TODAY).valid


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("", "wrong length: a resident ID has 18 characters, got 0"),
        ("11010519491231002", "wrong length: a resident ID has 18 characters, got 17"),
        ("110105491231002", "wrong length: 15-digit first-generation numbers are not accepted"),
        ("11010519491231002XX", "wrong length: a resident ID has 18 characters, got 19"),
        ("1101051949123100AX", "bad character 'A' at position 17: must be a digit"),
        ("X10105194912310021", "bad character 'X' at position 1: must be a digit"),
        ("11010519491231002Y", "bad character 'Y' at position 18: must be a digit or X"),
        ("99010519491231002X", "invalid region: 99 is not a GB/T 2260 province code"),
        ("10010519491231002X", "invalid region: 10 is not a GB/T 2260 province code"),
        ("84000019491231002X", "invalid region: 84 is not a GB/T 2260 province code"),
        ("11010519491332002X", "invalid birth date 19491332"),
        ("11010519490230002X", "invalid birth date 19490230"),
        ("11010519000229002X", "invalid birth date 19000229"),  # 1900 was not a leap year
        ("11010500000101002X", "invalid birth date 00000101"),
        ("11010518000101002X", "implausible birth date 18000101"),
        ("11010520300101002X", "implausible birth date 20300101"),
        ("110105194912310021", "check character should be X, got 1"),
        ("11010519491231003X", "check character should be 8, got X"),
    ],
)
def test_resident_id_invalid_variants_name_the_problem(code: str, reason: str) -> None:
    result = validate_resident_id(code, today=TODAY)
    assert not result.valid
    assert result.reason == reason
    with pytest.raises(InvalidCode) as info:
        ensure_resident_id(code, today=TODAY)
    assert info.value.detail == reason


def test_resident_id_reasons_never_echo_the_whole_number() -> None:
    for code in ("11010519491231003X", "11010519491332002X", "99010519491231002X"):
        assert code not in validate_resident_id(code, today=TODAY).reason


def test_birth_date_in_the_future_depends_on_the_clock() -> None:
    code = _with_check("44030520240601123")
    assert validate_resident_id(code, today=date(2024, 6, 1)).valid
    assert validate_resident_id(code, today=date(2024, 5, 31)).reason == "implausible birth date 20240601"


def test_every_single_digit_substitution_in_a_resident_id_is_caught() -> None:
    for i in range(18):
        for char in "0123456789X":
            if char != RESIDENT_VALID[i]:
                mutated = RESIDENT_VALID[:i] + char + RESIDENT_VALID[i + 1 :]
                assert not validate_resident_id(mutated, today=TODAY).valid, (i, char)


@settings(max_examples=200, database=None, deadline=None)
@given(
    region=st.sampled_from(["110105", "440305", "440304", "310101", "650102"]),
    born=st.dates(min_value=date(1900, 1, 1), max_value=date(2024, 12, 31)),
    seq=st.integers(min_value=0, max_value=999),
)
def test_resident_id_computed_check_validates(region: str, born: date, seq: int) -> None:
    code = _with_check(f"{region}{born:%Y%m%d}{seq:03d}")
    assert validate_resident_id(code, today=TODAY).valid
    assert resident_id_birth_date(code) == born


def test_mask_resident_id() -> None:
    assert mask_resident_id(RESIDENT_VALID) == "110105********002X"
    assert mask_resident_id("11010519491231002x") == "110105********002X"
    with pytest.raises(InvalidCode, match="got 5") as info:
        mask_resident_id("12345")
    assert "12345" not in info.value.detail


def test_hash_resident_id_is_keyed_hmac_sha256() -> None:
    digest = hash_resident_id(RESIDENT_VALID, KEY)
    assert digest == hmac.new(KEY, RESIDENT_VALID.encode(), hashlib.sha256).hexdigest()
    assert len(digest) == 64
    assert RESIDENT_VALID not in digest
    # Same number in either case gives the same hash; another key gives another hash.
    assert hash_resident_id(RESIDENT_VALID.lower(), KEY) == digest
    assert hash_resident_id(RESIDENT_VALID, KEY[::-1]) != digest


def test_hash_resident_id_refuses_invalid_numbers_and_weak_keys() -> None:
    with pytest.raises(InvalidCode, match="check character"):
        hash_resident_id("11010519491231003X", KEY)
    with pytest.raises(ValueError, match="at least 16 bytes"):
        hash_resident_id(RESIDENT_VALID, b"short")


def test_validation_ensure_raises_invalid_code_with_kind() -> None:
    Validation("uscc", True).ensure()
    with pytest.raises(InvalidCode) as info:
        Validation("uscc", False, "bad").ensure()
    assert isinstance(info.value, BadRequestData)
    assert info.value.to_problem()["codeKind"] == "uscc"
    assert info.value.status == 400
