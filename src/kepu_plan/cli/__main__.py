"""``python -m kepu_plan.cli``: the ``kepu-plan`` command line."""

from kepu_plan.cli import _run

_run()
