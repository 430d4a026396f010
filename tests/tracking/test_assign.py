"""Who answers on what: every duty keyed once, each unit's form holding exactly its duties."""

from __future__ import annotations

from kepu_plan import examples
from kepu_plan.tracking import form_duties, form_units, plan_duties


def test_every_duty_has_a_unique_key_and_its_reading_number() -> None:
    duties = plan_duties(examples.shenmu())
    assert [item.number for item in duties] == list(range(1, 113))
    assert len({item.key for item in duties}) == 112
    assert duties[0].key.startswith("1.1.1-")


def test_each_unit_answers_on_the_duties_that_name_it_and_every_unit_with_duties_gets_a_form() -> None:
    plan = examples.shenmu()
    assert form_units(plan) == tuple(unit.name for unit in plan.units)
    for unit in plan.units:
        assert [item.duty for item in form_duties(plan, unit)] == list(plan.duties_of(unit))
    item = form_duties(plan, "市科协")[0]
    assert (item.role_of("市科协"), item.others("市科协")) == ("负责", "市教体局")
