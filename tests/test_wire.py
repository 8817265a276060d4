"""Plain data across the trust boundary: what decodes, and what is refused before any value is read."""
import io
import json
import struct

import numpy as np
import pytest

from dlgrade.sandbox import wire


def roundtrip(value):
    header, blobs = wire.encode(value)
    return wire.decode({"value": header, "blobs": [len(b) for b in blobs]}, b"".join(blobs))


def test_nested_values_survive_with_their_types():
    value = {"w": np.arange(6.0).reshape(2, 3), "t": (1, 2.5, None, True, "s"), "l": [np.int64(3)], "f": float("inf")}
    back = roundtrip(value)
    assert isinstance(back["t"], tuple) and back["t"][1:] == (2.5, None, True, "s")
    assert np.array_equal(back["w"], value["w"]) and back["f"] == float("inf")


def test_a_student_dict_key_cannot_pose_as_a_tag():
    assert roundtrip({"$a": 0, "$t": [1]}) == {"$a": 0, "$t": [1]}


def test_objects_without_plain_form_become_unsupported():
    back = roundtrip(object())
    assert isinstance(back, wire.Unsupported)


def test_array_subclasses_arrive_as_exact_ndarrays():
    class Sub(np.ndarray):
        pass

    back = roundtrip(np.zeros(3).view(Sub))
    assert type(back) is np.ndarray


def npy(array, header_patch=None) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return buffer.getvalue()


def test_object_arrays_are_refused_before_loading():
    blob = npy(np.zeros(2)).replace(b"'<f8'", b"'|O' ")
    with pytest.raises(wire.WireError):
        wire.decode({"value": {"$a": 0}, "blobs": [len(blob)]}, blob)


def test_arrays_over_the_element_budget_are_refused_from_the_header():
    blob = npy(np.zeros(100))
    with pytest.raises(wire.WireError, match="exceeds"):
        wire.decode({"value": {"$a": 0}, "blobs": [len(blob)]}, blob, max_elements=10)


@pytest.mark.parametrize("table", [[-1], ["x"], "nope", [5]])
def test_a_forged_blob_table_is_refused(table):
    with pytest.raises(wire.WireError):
        wire.decode({"value": {"$a": 0}, "blobs": table}, b"abc")


def test_unknown_tags_and_deep_nesting_are_refused():
    with pytest.raises(wire.WireError):
        wire.decode({"value": {"$evil": 1}, "blobs": []}, b"")
    deep = {"value": json.loads("[" * 100 + "]" * 100), "blobs": []}
    with pytest.raises(wire.WireError):
        wire.decode(deep, b"")


def test_frames_over_the_limit_are_refused_from_their_prefix():
    frame = wire.pack({"kind": "result"}, np.zeros(1000))
    stream = io.BytesIO(frame)
    with pytest.raises(wire.WireError, match="too large"):
        wire.read_frame(lambda n: stream.read(n), max_bytes=100)
    bad = io.BytesIO(struct.pack("<4sIQ", b"EVIL", 2, 0) + b"{}")
    with pytest.raises(wire.WireError, match="magic"):
        wire.read_frame(lambda n: bad.read(n), max_bytes=1 << 20)
