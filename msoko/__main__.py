"""`python -m msoko …` is the `msoko` command (used to start the worker beside the site)."""

from msoko.cli import main

raise SystemExit(main())
