"""Plain data across the trust boundary: JSON plus raw .npy blobs, never pickle.

A frame is `MAGIC | u32 header length | u64 body length | JSON header | body`, where the
body is the concatenation of .npy files that the header references as {"$a": index}.
Tuples are {"$t": [...]}, dicts {"$d": [[key, value], ...]} with string keys (so no key of a
student's dict can be mistaken for a tag), non-finite floats {"$f": "inf"}, and an object
that has no plain form is {"$x": "type name"}.

The same value encoding is the project's one codec for plain data: the results store keeps
arrays inline as {"$n": base64 .npy} and the exercise sheets as flat lists (`encode`'s and
`decode_value`'s `array` hooks); only the array form differs.

This module runs on both sides: the worker (copied into its scratch folder, so only the
standard library and numpy) encodes; the trusted parent decodes with `decode`, which
checks every array's header (exact ndarray, numeric dtype, bounded size) before reading
its data.
"""
from __future__ import annotations

import io
import json
import math
import os
import struct

import numpy as np

MAGIC = b"DLG1"
_PREFIX = struct.Struct("<4sIQ")
NUMERIC_KINDS = "biuf"


class WireError(ValueError):
    """The other side sent something that is not plain data within the limits."""


# ---------------------------------------------------------------- encoding


def _as_plain_array(obj):
    """An ndarray (never a subclass) for arrays, tensors and array-likes, else None."""
    module = type(obj).__module__ or ""
    if module.startswith("torch") and hasattr(obj, "detach"):
        obj = obj.detach().cpu()
        if getattr(obj, "is_conj", lambda: False)():
            obj = obj.resolve_conj()
        obj = obj.numpy()
    if isinstance(obj, (np.ndarray, np.generic)) or hasattr(obj, "__array__") or hasattr(obj, "__array_interface__"):
        arr = np.asarray(obj)
        return arr.view(np.ndarray) if type(arr) is not np.ndarray else arr
    return None


def npy_bytes(arr) -> bytes:
    buf = io.BytesIO()
    np.save(buf, arr, allow_pickle=False)
    return buf.getvalue()


def encode(value, max_depth: int = 32, array=None) -> tuple[dict, list[bytes]]:
    """(JSON-able value, list of .npy blobs) for a nested value.

    `array(ndarray) -> JSON-able` replaces the default form of an array (a blob referenced
    as {"$a": index}); with it, the blob list stays empty.
    """
    blobs: list[bytes] = []

    def blob(arr):
        blobs.append(npy_bytes(arr))
        return {"$a": len(blobs) - 1}

    array = array or blob

    def enc(obj, depth):
        if depth > max_depth:
            return {"$x": "nesting too deep"}
        if obj is None or isinstance(obj, (bool, str)):
            return obj
        if type(obj) is int:
            return obj
        if type(obj) is float:
            return obj if math.isfinite(obj) else {"$f": repr(obj)}
        if isinstance(obj, tuple):
            return {"$t": [enc(x, depth + 1) for x in obj]}
        if isinstance(obj, list):
            return [enc(x, depth + 1) for x in obj]
        if isinstance(obj, dict):
            if not all(isinstance(k, str) for k in obj):
                return {"$x": "dict with non-string keys"}
            return {"$d": [[k, enc(v, depth + 1)] for k, v in obj.items()]}
        try:
            arr = _as_plain_array(obj)
        except Exception as exc:  # the object's own conversion failed
            return {"$x": f"{type(obj).__name__} (conversion failed: {type(exc).__name__})"}
        if arr is None or arr.dtype.kind not in NUMERIC_KINDS + "c":
            return {"$x": type(obj).__name__ if arr is None else f"array of dtype {arr.dtype}"}
        return array(arr)

    return enc(value, 0), blobs


def pack(message: dict, value=None) -> bytes:
    """One frame: `message` (plain JSON) with `value` encoded under the key "value"."""
    header = dict(message)
    header["value"], blobs = encode(value)
    header["blobs"] = [len(b) for b in blobs]
    head = json.dumps(header, allow_nan=False).encode()
    body = b"".join(blobs)
    return _PREFIX.pack(MAGIC, len(head), len(body)) + head + body


# ---------------------------------------------------------------- decoding


def read_frame(read_exact, max_bytes: int) -> tuple[dict, bytes]:
    """Read one frame with `read_exact(n) -> bytes`; refuses frames over `max_bytes`."""
    magic, head_len, body_len = _PREFIX.unpack(read_exact(_PREFIX.size))
    if magic != MAGIC:
        raise WireError("not a frame (bad magic)")
    if head_len > 1 << 20 or head_len + body_len > max_bytes:
        raise WireError(f"answer too large ({head_len + body_len} bytes, limit {max_bytes})")
    head = read_exact(head_len)
    body = read_exact(body_len)
    try:
        header = json.loads(head)
    except (ValueError, RecursionError) as exc:
        raise WireError(f"header is not JSON: {exc}") from None
    if not isinstance(header, dict):
        raise WireError("header is not an object")
    return header, body


def _load_npy(blob: bytes, max_elements: int) -> np.ndarray:
    f = io.BytesIO(blob)
    try:
        version = np.lib.format.read_magic(f)
        if version == (1, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_1_0(f)
        elif version in ((2, 0), (3, 0)):
            shape, fortran, dtype = np.lib.format.read_array_header_2_0(f)
        else:
            raise WireError(f"unsupported .npy version {version}")
    except WireError:
        raise
    except Exception as exc:
        raise WireError(f"not an .npy array: {exc}") from None
    if dtype.hasobject or dtype.kind not in NUMERIC_KINDS + "c" or dtype.fields is not None:
        raise WireError(f"array dtype {dtype} is not numeric")
    if math.prod(shape) > max_elements:
        raise WireError(f"array of shape {shape} exceeds {max_elements} elements")
    f.seek(0)
    arr = np.lib.format.read_array(f, allow_pickle=False)
    if type(arr) is not np.ndarray:
        raise WireError("not an exact ndarray")
    return arr


def decode(header: dict, body: bytes, max_elements: int = 50_000_000):
    """The value of a frame, with every array loaded safely and every type checked."""
    sizes = header.get("blobs", [])
    if not isinstance(sizes, list) or not all(isinstance(s, int) and s >= 0 for s in sizes):
        raise WireError("bad blob table")
    if sum(sizes) != len(body):
        raise WireError("body length does not match the blob table")
    offsets = np.cumsum([0] + sizes)
    budget = [max_elements]

    def array(tag, index):
        if tag != "$a" or not isinstance(index, int) or not 0 <= index < len(sizes):
            raise WireError("bad array reference")
        arr = _load_npy(body[offsets[index] : offsets[index + 1]], budget[0])
        budget[0] -= arr.size
        return arr

    return decode_value(header.get("value"), array)


ARRAY_TAGS = ("$a", "$n")


def decode_value(obj, array):
    """A value from its plain JSON form; `array(tag, inner) -> ndarray` reads the array tags."""

    def dec(obj, depth=0):
        if depth > 64:
            raise WireError("nesting too deep")
        if obj is None or isinstance(obj, (bool, int, float, str)):
            return obj
        if isinstance(obj, list):
            return [dec(x, depth + 1) for x in obj]
        if isinstance(obj, dict) and len(obj) == 1:
            (tag, inner), = obj.items()
            if tag in ARRAY_TAGS:
                return array(tag, inner)
            if tag == "$t" and isinstance(inner, list):
                return tuple(dec(x, depth + 1) for x in inner)
            if tag == "$d" and isinstance(inner, list):
                out = {}
                for pair in inner:
                    if not (isinstance(pair, list) and len(pair) == 2 and isinstance(pair[0], str)):
                        raise WireError("bad dict entry")
                    out[pair[0]] = dec(pair[1], depth + 1)
                return out
            if tag == "$f" and inner in ("nan", "inf", "-inf"):
                return float(inner)
            if tag == "$x" and isinstance(inner, str):
                return Unsupported(inner[:200])
        raise WireError("unknown value encoding")

    return dec(obj)


def as_plain(value):
    """`value` as it would arrive from the other side (tensors and scalars become ndarrays)."""
    encoded, blobs = encode(value)
    return decode({"value": encoded, "blobs": [len(b) for b in blobs]}, b"".join(blobs))


class Unsupported:
    """Stands for an answer object that had no plain form (named by its type only)."""

    def __init__(self, what: str) -> None:
        self.what = what

    def __repr__(self) -> str:
        return f"<{self.what}>"


def fd_reader(fd: int):
    """A blocking read_exact over a file descriptor (used by the worker)."""

    def read_exact(n: int) -> bytes:
        chunks, left = [], n
        while left:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                raise EOFError
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)

    return read_exact
