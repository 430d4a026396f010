"""Who answers on what: every duty keyed once, each unit's form holding exactly its duties."""

from __future__ import annotations

from kepu_plan import examples
from kepu_plan.model import Action, Duty, Plan, Task
from kepu_plan.tracking import form_duties, form_units, plan_duties
from kepu_plan.units import UnitDirectory


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


def test_duties_given_to_a_collective_go_on_every_members_form_and_the_collective_gets_none() -> None:
    duty = Duty(content="开展全国科普日活动", units=["县科协"])
    shared = Duty(content="组织干部职工参加科学素质培训", units=["各成员单位"])
    towns = Duty(content="建设镇级科普阵地", units=["各镇（街道）"])
    plan = Plan(
        title="",
        actions=[Action(name="甲行动", tasks=[Task(name="任务", duties=[duty, shared, towns])])],
    )
    assert form_units(plan) == ("县科协",)
    assert [item.duty for item in form_duties(plan, "县科协")] == [duty, shared, towns]
    directory = UnitDirectory.from_rows([{"name": "县科协"}, {"name": "城关镇", "member_of": "各镇（街道）"}])
    assert [item.duty for item in form_duties(plan, "县科协", directory=directory)] == [duty, shared]
    assert [item.duty for item in form_duties(plan, "城关镇", directory=directory)] == [shared, towns]
    assert [item.role_of("城关镇") for item in form_duties(plan, "城关镇", directory=directory)] == ["共同承担"] * 2
