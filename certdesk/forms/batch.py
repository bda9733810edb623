"""Rendering many acknowledgments at once, on every core.

reportlab is pure Python and holds the GIL, so a batch is spread over worker processes; each
worker renders a chunk and returns the bytes, in the order given.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor

from certdesk.forms.acknowledgment import AcknowledgmentContent, render_acknowledgment

# Below this many forms, starting workers costs more than it saves.
PARALLEL_FROM = 24


def _render_chunk(contents: Sequence[AcknowledgmentContent]) -> list[bytes]:
    return [render_acknowledgment(c) for c in contents]


def render_acknowledgments(
    contents: Sequence[AcknowledgmentContent],
    *,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[bytes]:
    """Render every acknowledgment; the same bytes as one by one, in the same order."""
    total = len(contents)
    workers = workers or min(os.cpu_count() or 1, 8)
    if workers <= 1 or total < PARALLEL_FROM:
        out = []
        for index, content in enumerate(contents, start=1):
            out.append(render_acknowledgment(content))
            if progress:
                progress(index, total)
        return out
    # Chunks a few times smaller than an even split keep both cores busy to the end and let
    # the progress bar move.
    size = max(4, total // (workers * 6))
    chunks = [contents[i : i + size] for i in range(0, total, size)]
    # fork is fastest on Linux and safe there because workers only render; macOS (where a
    # forked child of a Qt/Cocoa process can crash) and Windows spawn, which the frozen app's
    # launcher supports through multiprocessing.freeze_support().
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    out: list[bytes] = []
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method)) as pool:
        for chunk in pool.map(_render_chunk, chunks):
            out.extend(chunk)
            if progress:
                progress(len(out), total)
    return out
