"""The parent's source scan for tampering, on small sources: what it refuses and what it leaves alone."""
from __future__ import annotations

import pytest

from dlgrade.grading.forbidden import tampering

REFUSED = {  # source -> a word of what the scan reports
    "a library's namespace edited as a dict": ("import torch.autograd as ag\nag.__dict__.update(grad=print)\n",
                                               "torch.autograd.__dict__"),
    "vars of a module": ("import torch\nF = vars(torch)['n' + 'n']\n", "vars(torch)"),
    "vars of a type built at run time": ("f = vars(type(lambda: 0))['__co' + 'de__']\n", "vars(type(lambda: 0))"),
    "an internal attribute through getattr": ("def f(g):\n    return getattr(g, '__closure__')\n", "__closure__"),
    "a namespace through getattr": ("import os\nd = getattr(os, '__dict__')\n", "__dict__"),
    "torch's operator registry": ("import torch\nop = getattr(torch.ops.aten, 'convol' + 'ution')\n", "torch.ops"),
    "setattr with a built name on an alias": (
        "import torch\nT = type(torch.zeros(()))\nsetattr(T, 'back' + 'ward', print)\n", "setattr(…, 'back' + 'ward', …)"),
    "a traceback's frame": ("try:\n    1 / 0\nexcept ZeroDivisionError as e:\n    f = e.__traceback__.tb_frame\n", "tb_frame"),
}
ALLOWED = {
    "attributes set on the instance by name": "class A:\n    def __init__(self, **kw):\n        for k, v in kw.items():\n"
                                              "            setattr(self, k, v)\n",
    "the instance's own dict": "class A:\n    def state(self):\n        return dict(self.__dict__)\n",
    "a library routine chosen by name": "import numpy as np\ndef act(name, z):\n    return getattr(np, name)(z)\n",
    "namedtuple and dataclass": ("from collections import namedtuple\nfrom dataclasses import dataclass\n"
                                 "P = namedtuple('P', 'x y')\n@dataclass\nclass Q:\n    x: float = 0.0\n"),
}


@pytest.mark.parametrize("what", list(REFUSED))
def test_scan_refuses_roundabout_tampering(what):
    source, named = REFUSED[what]
    found = tampering([{"source": source}])
    assert any(named in item for item in found), found


@pytest.mark.parametrize("what", list(ALLOWED))
def test_scan_leaves_ordinary_code_alone(what):
    assert tampering([{"source": ALLOWED[what]}]) == []
