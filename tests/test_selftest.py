"""`certdesk --self-test` from the virtualenv: every check passes, and a failure is named."""

from __future__ import annotations

import os
import subprocess
import sys

from certdesk import selftest


def test_self_test_passes_in_a_fresh_process(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(tmp_path / "data"))
    done = subprocess.run(
        [sys.executable, "-m", "certdesk", "--self-test"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=150,
    )
    lines = done.stdout.splitlines()
    assert done.returncode == 0, done.stdout + done.stderr
    for check in ("resources", "programs", "database", "window", "form", "pdf view"):
        assert any(line.startswith(f"ok   {check}: ") for line in lines), check
    assert lines[-1] == "self-test passed: 6 checks"
    assert "offscreen platform" in done.stdout
    # Nothing was written to the user's data folder: the run used a temporary one.
    assert not (tmp_path / "data").exists()


def test_a_failing_check_is_named_and_exits_1(monkeypatch, tmp_path):
    monkeypatch.setattr("certdesk.locations.resources_dir", lambda: tmp_path / "gone")
    printed: list[str] = []
    assert selftest.run_self_test(printed.append) == 1
    assert printed[1].startswith("FAIL resources: missing from ")
    assert "fonts/DejaVuSans.ttf" in printed[1]
    assert printed[-1] == "self-test failed: resources"


def test_the_page_count_is_read_from_the_page_tree():
    pdf = selftest.render_sample_form()
    assert selftest.page_count_written(pdf) == pdf.count(b"/Type /Page\n")
