"""The frozen app's entry point: the same command line as the `certdesk` console script.

multiprocessing.freeze_support() comes first, so a worker started with the spawn method (batch
rendering on Windows and macOS) runs its task instead of a second copy of the app. It is called
only for such a worker (its command line starts with --multiprocessing-fork): importing
multiprocessing costs every other start, `--help` included, and on Linux batch rendering forks.
"""

import sys

if __name__ == "__main__":
    if sys.argv[1:2] == ["--multiprocessing-fork"]:
        import multiprocessing

        multiprocessing.freeze_support()
    from certdesk.cli import main

    sys.exit(main())
