"""Targets (指标): the quantified commitments written in a duty's content.

:func:`find_targets` reads a quantity with its measure word (3场次, 60名, 13.5%, 两所, 一千五百人次,
2万元, 百分之九十) and the words around it: the comparator (不少于 … 以上, 左右, 以内), the cadence (每年)
and the subject, the thing counted.  A full-coverage statement (…全覆盖, …全面覆盖) is a target of
100 %.  Plan names, codes and dates are not targets: “十四五”, “12621”工程, 5G, 2.0, 2025年.
The grammar of a target phrase lives in :mod:`kepu_plan._grammar.targets`; :attr:`Duty.targets
<kepu_plan.model.Duty.targets>` and :meth:`Plan.targets <kepu_plan.model.Plan.targets>` use it too.

>>> find_targets("每年面向农村地区开展公益科普活动不少于3场次")  # doctest: +NORMALIZE_WHITESPACE
(Target(text='每年面向农村地区开展公益科普活动不少于3场次', quantity=3, measure='场次',
        comparator=<Comparator.AT_LEAST: 'at_least'>, cadence=<Cadence.ANNUAL: 'annual'>,
        subject='公益科普活动', upper=None),)
>>> [(t.quantity, t.upper, t.comparator.name) for t in find_targets("每年建设3至5个科普示范基地")]
[(3, 5, 'AT_LEAST')]
>>> [(t.text, t.quantity, t.subject) for t in find_targets("建设5个示范基地、两所特色学校，实施“十四五”规划")]
[('建设5个示范基地', 5, '示范基地'), ('两所特色学校', 2, '特色学校')]
"""

from __future__ import annotations

from kepu_plan.model import find_targets

__all__ = ["find_targets"]
