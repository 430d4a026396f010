"""Plans shipped inside the package.

>>> from kepu_plan import examples
>>> plan = examples.shenmu()
>>> plan.actions[0].name, [unit.name for unit in plan.actions[0].leads]
('青少年科学素质提升行动', ['市教体局', '市科协', '职业技术学院'])
"""

from __future__ import annotations

import functools
from importlib import resources

from kepu_plan.model import Plan

__all__ = ["shenmu"]


@functools.cache
def shenmu() -> Plan:
    """Shenmu City's (神木市) "十四五" target and task allocation table, exactly as published.

    10 actions (5 行动, 5 工程), 40 tasks, 112 duties and 33 distinct units.  Generated from the
    source document by ``scripts/build_shenmu.py``.  Plans are immutable, so the same object is
    returned on every call.
    """
    from kepu_plan.formats.json import from_json

    text = resources.files("kepu_plan").joinpath("data", "shenmu.json").read_text(encoding="utf-8")
    return from_json(text)
