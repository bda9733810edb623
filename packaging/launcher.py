"""The frozen app's entry point: the same command line as the `certdesk` console script.

freeze_support() first, so a child process started with the spawn method (Windows, macOS batch
rendering) runs its task instead of a second copy of the app.
"""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from certdesk.cli import main

    sys.exit(main())
