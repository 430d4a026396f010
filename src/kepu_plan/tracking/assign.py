"""Who answers on what: the plan's duties with their keys, and the duties that go on each unit's form.

:func:`form_duties` is the one place that decides which duties a unit reports on; forms and
collecting both ask it, so they always agree.

>>> from kepu_plan import examples
>>> plan = examples.shenmu()
>>> len(form_units(plan)), len(form_duties(plan, "市科协"))
(33, 68)
"""

from __future__ import annotations

import attrs

from kepu_plan.model import Action, Duty, PlacedDuty, Plan, Task, Unit, walk_duties
from kepu_plan.tracking.model import LedgerDuty, PlannedTarget, duty_key
from kepu_plan.units import UnitDirectory, assignments, is_collective

__all__ = ["PlanDuty", "form_duties", "form_units", "ledger_duty", "plan_duties"]


@attrs.frozen(kw_only=True)
class PlanDuty:
    """A duty with its place: ``number`` counts duties from 1 in reading order, ``key`` is
    :func:`~kepu_plan.tracking.model.duty_key`."""

    number: int
    key: str
    action: Action
    task: Task
    duty: Duty

    def role_of(self, unit: str) -> str:
        """``牵头`` when ``unit`` leads the duty, ``配合`` when others lead it, ``共同承担`` when it
        carries the duty through a collective unit (各成员单位) rather than by name, else ``负责``."""
        if all(named.name != unit for named in self.duty.units):
            return "共同承担"
        if any(lead.name == unit for lead in self.duty.leads):
            return "牵头"
        return "配合" if self.duty.leads else "负责"

    def others(self, unit: str) -> str:
        """The duty's other units, as a table writes them (``市科协、市教体局``)."""
        return "、".join(other.name for other in self.duty.units if other.name != unit)


def plan_duties(plan: Plan) -> tuple[PlanDuty, ...]:
    """Every duty of ``plan`` with its number and key, in reading order."""
    return tuple(_plan_duty(place) for place in walk_duties(plan))


def _plan_duty(place: PlacedDuty) -> PlanDuty:
    a, t, d = place.position
    return PlanDuty(
        number=place.number,
        key=duty_key(a + 1, t + 1, d + 1, place.duty),  # counted from 1
        action=place.action,
        task=place.task,
        duty=place.duty,
    )


def form_duties(
    plan: Plan, unit: Unit | str, *, directory: UnitDirectory | None = None, duties: tuple[PlanDuty, ...] | None = None
) -> tuple[PlanDuty, ...]:
    """The duties that go on ``unit``'s form, in reading order: those that name it, and those given
    to a collective unit that covers it (各成员单位, 各镇（街道）; ``directory`` says who belongs to
    which collective, see :func:`~kepu_plan.units.assignments`).

    ``duties`` passes :func:`plan_duties` when the caller has it already.
    """
    mine = {id(assignment.duty) for assignment in assignments(plan, unit, directory)}
    return tuple(item for item in (duties if duties is not None else plan_duties(plan)) if id(item.duty) in mine)


def form_units(plan: Plan, *, directory: UnitDirectory | None = None) -> tuple[str, ...]:
    """The units that get a form, in order of first appearance: those with at least one duty, but not a
    collective unit (各成员单位), whose duties go on its members' forms."""
    duties = plan_duties(plan)
    return tuple(
        unit.name
        for unit in plan.units
        if not is_collective(unit, directory) and form_duties(plan, unit, directory=directory, duties=duties)
    )


def ledger_duty(item: PlanDuty) -> LedgerDuty:
    """The ledger's record of a duty, with no reports yet."""
    return LedgerDuty(
        number=item.number,
        key=item.key,
        action=item.action.name,
        task=item.task.name,
        content=item.duty.content,
        units=[unit.name for unit in item.duty.units],
        leads=[unit.name for unit in item.duty.leads],
        targets=[
            PlannedTarget(
                text=target.text,
                quantity=target.quantity,
                measure=target.measure,
                comparator=target.comparator,
                cadence=target.cadence,
            )
            for target in item.duty.targets
        ],
    )
