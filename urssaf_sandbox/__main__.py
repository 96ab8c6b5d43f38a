"""``python -m urssaf_sandbox …`` (see cli.py)."""

import sys

from .cli import main

sys.exit(main())
