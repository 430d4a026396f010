"""``python -m kepu_plan``: the ``kepu-plan`` command line."""

from kepu_plan.cli import _run

_run()
