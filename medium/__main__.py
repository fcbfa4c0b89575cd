"""`python -m medium` is the `medium` command."""
from medium.cli import main

raise SystemExit(main())
