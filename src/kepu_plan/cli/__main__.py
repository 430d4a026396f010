"""``python -m kepu_plan.cli``."""

import sys

from kepu_plan.cli import main

sys.exit(main())
