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
    assert not result.ok and result.path == "[1]"


def test_dict_keys_then_values():
    assert compare({"a": 1.0}, {"a": 1.0, "b": 2.0}).kind == "keys"
    result = compare({"a": 1.0, "b": 5.0}, {"a": 1.0, "b": 2.0})
    assert not result.ok and result.path == "['b']"


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
