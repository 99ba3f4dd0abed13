"""``python -m calc``: the command-line tool (see :mod:`calc.cli`)."""

from calc.cli import main

raise SystemExit(main())
