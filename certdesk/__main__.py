"""python -m certdesk"""

import sys

from certdesk.cli import main

sys.exit(main())
