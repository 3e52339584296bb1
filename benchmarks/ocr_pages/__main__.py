"""``python -m benchmarks.ocr_pages``: regenerate corpora/generated/."""

import sys

from benchmarks.ocr_pages.generate import main

sys.exit(main())
