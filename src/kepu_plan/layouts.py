"""Named table layouts: the Shenmu layout and others counties use.

A plan read from a file carries the layout it was found in (``plan.layout``) and is written back
the same way; these presets move a plan to another layout::

    kp.write(plan.with_layout(kp.layouts.SECTIONS), "分工表.docx")
"""

from __future__ import annotations

from kepu_plan.layout._presets import LEAD_COLUMNS, MARKED, SECTIONS, SHENMU

__all__ = ["LEAD_COLUMNS", "MARKED", "SECTIONS", "SHENMU"]
