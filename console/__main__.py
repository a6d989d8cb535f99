"""`python -m console` is `dais`."""

import sys

from console.launch import main

sys.exit(main())
