"""Check characters of 统一社会信用代码 (GB 32100-2015) and 身份证号 (GB 11643-1999)."""

from __future__ import annotations

import doctest
import random

import pytest

from graphchain import ids
from graphchain.ids import (
    credit_code_check_char,
    id_number_check_char,
    is_valid_credit_code,
    is_valid_id_number,
    org_code_check_char,
)


def test_doctests():
    failed, tried = doctest.testmod(ids)
    assert tried > 10 and failed == 0


@pytest.mark.parametrize(
    "code",
    [
        "11010519491231002X",  # GB 11643-1999's own example
        "11010519491231002x",
        "13020319950922135X",  # ids of the hand-made mini bundle
        "411527198512034564",
        "420106198811116540",
    ],
)
def test_known_valid_id_numbers(code):
    assert is_valid_id_number(code), code


@pytest.mark.parametrize(
    "code",
    [
        "110105194912310021",  # wrong check
        "11010519491231002",  # too short
        "1101051949123100211",  # too long
        "11010519491331002X",  # month 13
        "11010519490230002X",  # 30 February
        "99010519491231002X",  # no province 99
        "440524188001010014",  # born 1880: implausible
        "11010520991231002X",  # born in the future
        "1101051949123100AX",  # letters in the body
        "",
    ],
)
def test_invalid_id_numbers(code):
    assert not is_valid_id_number(code)


def test_id_check_char_matches_definition():
    rng = random.Random(1)
    for _ in range(500):
        body = "".join(rng.choice("0123456789") for _ in range(17))
        total = sum(int(d) * (2 ** (17 - i) % 11) for i, d in enumerate(body))
        assert id_number_check_char(body) == "10X98765432"[total % 11]


def test_known_valid_credit_codes():
    assert is_valid_credit_code("91350100M000100Y43")  # published sample
    assert credit_code_check_char("91350100M000100Y4") == "3"
    assert is_valid_credit_code("91350100m000100y43")


@pytest.mark.parametrize(
    "code",
    ["91350100M000100Y44", "91350100M000100Y4", "91350100M000100Y433", "91350100M000100I43", "9135010OM000100Y43"],
)
def test_invalid_credit_codes(code):
    assert not is_valid_credit_code(code)


def test_credit_weights_are_powers_of_three():
    assert ids.CREDIT_WEIGHTS == tuple(3**i % 31 for i in range(17))


def test_every_single_character_error_is_caught():
    good = "91350100M000100Y43"
    for i in range(18):
        for ch in ids.CREDIT_ALPHABET:
            if ch != good[i]:
                assert not is_valid_credit_code(good[:i] + ch + good[i + 1 :])


def test_org_code_check():
    assert org_code_check_char("D2143569") == "X"
    assert org_code_check_char("12345678") == "8"
    with pytest.raises(ValueError):
        org_code_check_char("1234567")


def test_bad_input_raises():
    with pytest.raises(ValueError):
        credit_code_check_char("91350100M000100I4")
    with pytest.raises(ValueError):
        id_number_check_char("1101051949123100A")
