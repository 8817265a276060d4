"""The comparison of an answer with the expected value: type, then shape, then values."""
import numpy as np

from dlgrade.grading.compare import compare
from dlgrade.sandbox.wire import Unsupported
from dlgrade.spec import Check


def test_equal_arrays_within_tolerance_pass():
    assert compare(np.array([1.0, 2.0 + 1e-9]), np.array([1.0, 2.0])).ok


def test_values_report_count_worst_index_and_errors():
    result = compare(np.array([[1.0, 2.0], [3.0, 9.0]]), np.array([[1.0, 2.0], [3.0, 4.0]]))
    assert not result.ok and result.kind == "values"
    assert result.figures["mismatches"] == 1 and result.figures["total"] == 4
    assert result.figures["worst"] == [1, 1] and result.figures["max_abs"] == 5.0
    assert result.mask.tolist() == [[False, False], [False, True]]


def test_shape_is_checked_before_values():
    result = compare(np.zeros((3, 2)), np.zeros((2, 3)))
    assert not result.ok and result.kind == "shape"


def test_nan_where_finite_expected_fails_even_with_loose_tolerance():
    result = compare(np.array([np.nan, 1.0]), np.array([0.0, 1.0]), Check(rtol=1.0, atol=1.0))
    assert not result.ok and result.kind == "nan"


def test_tuple_length_and_element_path():
    assert compare((1.0,), (1.0, 2.0)).kind == "length"
    result = compare((np.ones(2), 3.0), (np.ones(2), 4.0))
    assert not result.ok and result.path == "Element [1]"


def test_tuple_elements_are_named_and_every_wrong_one_is_reported():
    names = ["w", "b", "steps"]
    result = compare((np.array([1.0, 5.0]), 3.0, 7), (np.array([1.0, 2.0]), 4.0, 7), names=names)
    assert not result.ok and result.path == "w"  # the first wrong part stays the comparison's own leaf
    assert [p.path for p in result.parts] == ["w", "b"]
    assert result.message["en"].startswith("Wrong: w, b. Right: steps.")
    assert "b is off (absolute error 1, relative error 0.25)" in result.message["en"]
    assert result.mask.tolist() == [False, True] and result.expected.tolist() == [1.0, 2.0]
    assert [p["part"] for p in result.figures["parts"]] == ["w", "b"]
    assert result.figures["parts"][1]["max_abs"] == 1.0


def test_dict_keys_then_values():
    assert compare({"a": 1.0}, {"a": 1.0, "b": 2.0}).kind == "keys"
    result = compare({"a": 1.0, "b": 5.0}, {"a": 1.0, "b": 2.0})
    assert not result.ok and result.path == "b"


def test_every_wrong_dict_key_by_its_name_and_missing_keys():
    expected = {"W1": np.eye(2), "b1": np.zeros(2), "W2": np.ones(3), "b2": np.ones(1)}
    result = compare({**expected, "W1": 2 * np.eye(2), "b2": np.zeros(1)}, expected)
    assert [p.path for p in result.parts] == ["W1", "b2"]
    assert "Falsch: W1, b2. Richtig: b1, W2." in result.message["de"]
    assert "W1: 2 von 4 Werten weichen ab" in result.message["de"] and "b2 weicht ab" in result.message["de"]
    missing = compare({"W1": np.eye(2)}, expected)
    assert missing.kind == "keys" and "missing: W2, b1, b2" in missing.message["en"]


def test_messages_speak_one_language():
    for actual, expected in ((1.0, (1.0, 2.0)), (np.array([2, 0]), np.array([True, False])), ((1.0,), 3.0)):
        german = compare(actual, expected).message["de"]
        for english in ("a number", "booleans", "tuple of", "array of", "expected"):
            assert english not in german, (german, english)


def test_bools_compare_as_bools_and_numbers_are_not_booleans():
    assert compare(np.array([1, 0]), np.array([True, False])).ok
    assert not compare(np.array([2, 0]), np.array([True, False])).ok


def test_an_object_without_plain_form_is_a_type_mismatch():
    result = compare(Unsupported("Liar"), np.zeros(3))
    assert not result.ok and result.kind == "type"


def test_none_for_a_value_says_return_is_missing():
    result = compare(None, 1.0)
    assert not result.ok and "return" in result.message["en"]


def test_values_false_checks_only_types_and_shapes():
    assert compare(np.ones(3), np.zeros(3), values=False).ok
    assert not compare(np.ones(2), np.zeros(3), values=False).ok


def test_relative_error_is_left_out_where_every_expected_value_is_zero():
    """Relative to an expected 0 there is no relative error (it once read "relative error 1e+12")."""
    result = compare(np.array([0.0, 0.5]), np.zeros(2), Check())
    assert result.figures["max_rel"] is None and result.figures["max_abs"] == 0.5
    assert "relative" not in result.message["en"] and "expected values there are 0" in result.message["en"]
    assert "relativer" not in result.message["de"]
    single = compare(0.25, 0.0, Check())
    assert "relative" not in single.message["en"] and "0.25" in single.message["en"]


def test_relative_error_counts_only_entries_with_a_nonzero_expected_value():
    result = compare(np.array([1.0, 2.2]), np.array([0.0, 2.0]), Check())
    assert abs(result.figures["max_rel"] - 0.1) < 1e-9
    assert "relative error 0.1" in result.message["en"]


PAIRS = [  # (actual, expected): every kind of verdict compare gives
    (np.array([1.0, 2.0 + 1e-9]), np.array([1.0, 2.0])),
    (np.array([1.0, 3.0]), np.array([1.0, 2.0])),
    (np.zeros((3, 2)), np.zeros((2, 3))),
    (np.array([np.nan, 1.0]), np.array([0.0, 1.0])),
    (np.array([True, False]), np.array([True, True])),
    (np.array([0.5, 1.0]), np.array([True, False])),
    (None, np.zeros(2)),
    ("text", 1.0),
    (Unsupported("Foo"), 1.0),
    ((np.zeros(2), 1.0), (np.zeros(2), 2.0)),
    ((np.zeros(2),), (np.zeros(2), 1.0)),
    ({"W1": np.zeros(2)}, {"W1": np.zeros(2), "b1": 0.0}),
    ({"W1": np.ones(2)}, {"W1": np.ones(2)}),
    (1, (1, 2)),
]


def test_a_comparison_without_explanation_decides_exactly_as_the_full_one():
    """The diagnosis asks only whether two answers agree: the same verdict, none of the words."""
    for actual, expected in PAIRS:
        full, quick = compare(actual, expected), compare(actual, expected, explain=False)
        assert quick.ok == full.ok and quick.kind == full.kind, (actual, expected)
        assert quick.message == {} and quick.figures is None
