"""``python -m careermap.cli``: the ``careermap`` command, as ``python -m careermap`` runs it."""

import sys

from careermap.cli import main

if __name__ == "__main__":  # pragma: no cover - run as a program
    sys.exit(main())
