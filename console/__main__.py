"""`python -m dais.console` is `dais`."""

import sys

from dais.console.launch import main

sys.exit(main())
