"""``python -m careermap``: the ``careermap`` command, for when it is not on the PATH."""

import sys

from careermap.cli import main

if __name__ == "__main__":  # pragma: no cover - run as a program
    sys.exit(main())
