import sys

from jzanalysis.cli import main

sys.exit(main())
