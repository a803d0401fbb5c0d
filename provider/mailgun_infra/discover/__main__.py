"""``python -m mailgun_infra.discover``: the same command as ``mailgun-infra discover``."""

import sys

from .command import main

sys.exit(main())
