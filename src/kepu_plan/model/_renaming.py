"""Renaming a plan's units: leniently with a function (:func:`map_units`) or strictly with a
mapping whose every key must be a unit of the plan (:func:`rename_units`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

import attrs

from kepu_plan._i18n import N_, Text
from kepu_plan.errors import InvalidPlan, UnitNotFound
from kepu_plan.model._assign import unit_name
from kepu_plan.model._unit import Unit
from kepu_plan.model._walk import map_duties

if TYPE_CHECKING:
    from kepu_plan.model._plan import Action, Duty, Plan

__all__ = ["map_units", "rename_units"]


def _dedupe(units: Iterable[Unit]) -> list[Unit]:
    return list(dict.fromkeys(units))


def map_units(plan: Plan, fn: Callable[[str], str]) -> Plan:
    """A new plan with every unit name ``n`` (in duties and in action leads) replaced by ``fn(n)``.

    When two units of one duty map to the same name they merge into one, at the first one's place.
    Content text is not touched: :func:`kepu_plan.adapt.adapt` rewrites text and units together.

    >>> from kepu_plan.model import Action, Duty, Plan, Task
    >>> plan = Plan(title="", actions=[Action(name="甲行动", tasks=[
    ...     Task(name="任务", duties=[Duty(content="内容", units=["市科协", "市教体局"])])])])
    >>> map_units(plan, lambda name: "县" + name[1:]).units
    (Unit(name='县科协'), Unit(name='县教体局'))
    """
    cache: dict[str, Unit] = {}

    def convert(unit: Unit) -> Unit:
        if unit.name not in cache:
            new = fn(unit.name)
            if not isinstance(new, str):
                raise TypeError(f"map_units: fn({unit.name!r}) returned {type(new).__name__}, not str")
            try:
                cache[unit.name] = Unit(name=new)
            except InvalidPlan as error:
                raise InvalidPlan(
                    f"units[{unit.name!r}]", Text(N_("renamed to '{name}': {reason}"), name=new, reason=error.reason)
                ) from None
        return cache[unit.name]

    def convert_duty(duty: Duty) -> Duty:
        return attrs.evolve(
            duty,
            units=_dedupe(convert(u) for u in duty.units),
            leads=_dedupe(convert(u) for u in duty.leads),
        )

    mapped = map_duties(plan, convert_duty)
    actions = [_with_leads(action, _dedupe(convert(u) for u in action.leads)) for action in mapped.actions]
    return attrs.evolve(mapped, actions=actions)


def _with_leads(action: Action, leads: list[Unit]) -> Action:
    return action if tuple(leads) == action.leads else attrs.evolve(action, leads=leads)


def rename_units(plan: Plan, mapping: Mapping[str, str] | Mapping[Unit, Unit]) -> Plan:
    """A new plan with the units named in ``mapping`` renamed (``{"市教体局": "县教体局"}``).

    Every key must be a unit of the plan, so a misspelt name fails loudly
    (:class:`~kepu_plan.errors.UnitNotFound`) instead of renaming nothing (:func:`map_units` is
    the lenient form).  Units merged by the renaming become one.
    """
    names = {unit_name(old): unit_name(new) for old, new in mapping.items()}
    known = {unit.name for unit in plan.units}
    missing = [name for name in names if name not in known]
    if missing:
        shown = "、".join(missing)
        raise UnitNotFound(Text(N_("no unit named {names} in this plan"), names=shown))
    return map_units(plan, lambda name: names.get(name, name))
