"""What a fork server that preloads torch imports next: the modules torch imports lazily on first use.

A worker inherits every module its fork server imported, so nothing a call needs should be left
for the call to import. torch imports some of its own modules only when first needed: the first
`torch.autograd.grad` (a gradient penalty, a gradient check) imports `torch.fx` and sympy, 0.4 s
of CPU time, which would count against the call's limit, in every fresh worker. Trusted code,
run before any fork; a module this torch does not have is skipped.

Run as a module of the fork server (`sandbox/` is on its path): `limits.preload` names it.
"""
from __future__ import annotations

import importlib

LAZY = ("torch.fx.experimental.symbolic_shapes",)  # imported by torch.autograd.grad on its first call

for _name in LAZY:
    try:
        importlib.import_module(_name)
    except ImportError:
        pass
