"""`python -m classifier` is the `medium` command."""
from classifier.cli import main

raise SystemExit(main())
