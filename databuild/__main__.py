"""`python -m databuild`: rebuild data/ (or the data contract) from the command line."""

import sys

from databuild.cli import main

sys.exit(main())
