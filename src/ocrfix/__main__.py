"""``python -m ocrfix`` is the ``ocrfix`` command."""

from ocrfix.cli import main

raise SystemExit(main())
