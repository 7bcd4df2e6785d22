"""A wrong answer named by what it did to the right one (checker/specs/_effects.py and expect_floats)."""

from __future__ import annotations

import pytest

from checker.core import mistakes as known
from checker.runner.judge.session import Answer
from checker.runner.judge.verdicts import WrongAnswer
from checker.specs._effects import describe_effect
from checker.specs._helpers import expect_floats

GRADIENT = [5.0, 14.0, 29.0]
MATRIX = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]


@pytest.mark.parametrize(
    ("got", "expected", "phrase"),
    [
        ([10.0, 28.0, 58.0], GRADIENT, "every value is 2 times the expected one"),
        ([2.5, 7.0, 14.5], GRADIENT, "every value is 0.5 times the expected one"),
        ([-5.0, -14.0, -29.0], GRADIENT, "the expected one negated"),
        ([6.5, 15.5, 30.5], GRADIENT, "every value is 1.5 more than the expected one"),
        ([[1.0, 4.0], [2.0, 5.0], [3.0, 6.0]], MATRIX, "the expected one transposed"),
        ([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], [[1.0, 4.0], [2.0, 5.0], [3.0, 6.0]], "a reshape keeps that order"),
        ([14.0, 5.0, 29.0], GRADIENT, "the right numbers, in the wrong order"),
        (48.0, GRADIENT, "the sum of the expected values"),
        (29.0, GRADIENT, "the largest of the expected values"),
        ([[5.0, 14.0, 29.0]], GRADIENT, "an extra axis of size 1"),
        ([[1.0, 2.0], [4.0, 12.0]], [5.0, 14.0], "summed over axis 0 would be right"),
        ([float("nan"), 14.0, 29.0], GRADIENT, "1 of 3 values are nan"),
        (4.0, 2.0, "every value is 2 times the expected one"),
    ],
    ids=[
        "doubled",
        "halved",
        "negated",
        "shifted",
        "transposed",
        "reshaped",
        "reordered",
        "summed",
        "max",
        "keepdim",
        "not-reduced",
        "nan",
        "one-number-doubled",
    ],
)
def test_a_simple_transform_of_the_right_answer_is_named(got, expected, phrase):
    assert phrase in describe_effect(got, expected, 1e-5)


@pytest.mark.parametrize(
    ("got", "expected"),
    [([5.0, 14.0, 30.0], GRADIENT), (3.1, 2.0), ([1.0], [3.7]), ([[1.0, 2.0]], [[3.0, 4.0], [5.0, 6.0]])],
    ids=["one-value-off", "arbitrary-number", "one-element", "unrelated-shapes"],
)
def test_no_transform_is_claimed_where_there_is_none(got, expected):
    assert describe_effect(got, expected, 1e-5) is None


def _failure(got, expected) -> WrongAnswer:
    with pytest.raises(WrongAnswer) as caught:
        expect_floats(Answer("compute_gradient([1, 2, 3])", got), expected)
    return caught.value


def test_a_gradient_right_up_to_a_constant_factor_says_the_factor():
    failure = _failure([15.0, 42.0, 87.0], GRADIENT)

    assert failure.message == ("Wrong values: every value is 3 times the expected one (right up to a constant factor).")


def test_one_number_for_a_list_is_named_with_the_reduction_it_matches():
    failure = _failure(48.0, GRADIENT)

    assert failure.mistake is known.NUMBER_NOT_LIST and "the sum of the expected values" in failure.message


@pytest.mark.parametrize(
    ("got", "mistake"),
    [(None, known.MISSING_RETURN), ((5.0, 14.0, 29.0), known.TUPLE_NOT_LIST)],
    ids=["none", "tuple"],
)
def test_a_foreign_return_type_names_its_mistake(got, mistake):
    failure = _failure(got, GRADIENT)

    assert failure.mistake is mistake and "0x" not in failure.message + failure.details["got"]
