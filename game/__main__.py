"""``python -m game`` is the ``detente`` command."""

from game.cli import main

raise SystemExit(main())
