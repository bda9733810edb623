"""Programs certdesk starts (the PDF viewer, the file manager) get the user's environment,
never the frozen bundle's library and plugin paths."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import pytest

from certdesk import external

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX launcher")

DUMP_ENV = "import json, os, sys; open(sys.argv[1], 'w').write(json.dumps(dict(os.environ)))"


@pytest.fixture
def frozen(monkeypatch, tmp_path):
    """The environment as PyInstaller's bootloader and certdesk's runtime hook leave it."""
    bundle = tmp_path / "certdesk" / "_internal"
    (bundle / "PySide6" / "Qt" / "plugins").mkdir(parents=True)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    monkeypatch.setenv("LD_LIBRARY_PATH", str(bundle))
    monkeypatch.setenv("LD_LIBRARY_PATH_ORIG", "/opt/user/lib")  # the user's own value
    monkeypatch.setenv("QT_PLUGIN_PATH", str(bundle / "PySide6" / "Qt" / "plugins"))
    monkeypatch.delenv("QT_PLUGIN_PATH_ORIG", raising=False)  # the user had none
    monkeypatch.setenv("QML2_IMPORT_PATH", str(bundle / "PySide6" / "Qt" / "qml"))
    monkeypatch.setenv("_PYI_APPLICATION_HOME_DIR", str(bundle))
    monkeypatch.setenv("_PYI_PARENT_PROCESS_LEVEL", "1")
    monkeypatch.setenv("PATH", os.pathsep.join([str(bundle), os.environ["PATH"]]))
    return bundle


def assert_no_bundle_paths(env: dict[str, str], bundle: Path) -> None:
    leaks = {k: v for k, v in env.items() if str(bundle) in v or k.startswith("_PYI_")}
    assert not leaks


def test_a_started_program_sees_the_users_environment(frozen, tmp_path):
    out = tmp_path / "env.json"
    process = external.start_program([sys.executable, "-c", DUMP_ENV, str(out)])
    assert process.wait(timeout=30) == 0
    env = json.loads(out.read_text())
    assert_no_bundle_paths(env, frozen)
    assert env["LD_LIBRARY_PATH"] == "/opt/user/lib"
    assert "QT_PLUGIN_PATH" not in env and "QML2_IMPORT_PATH" not in env
    assert not [k for k in env if k.endswith("_ORIG")]
    assert env["PATH"].split(os.pathsep)[0] != str(frozen)
    assert env["HOME"] == os.environ["HOME"]  # the rest is the user's, untouched


def test_open_path_runs_the_viewer_with_the_users_environment(frozen, tmp_path, monkeypatch):
    """A stand-in xdg-open on PATH records what the viewer would have been given."""
    if sys.platform == "darwin":
        pytest.skip("macOS opens files with open(1)")
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    viewer = fake_bin / "xdg-open"
    viewer.write_text(f'#!/bin/sh\nexec "{sys.executable}" -c "{DUMP_ENV}" "$1.env"\n')
    viewer.chmod(0o755)
    monkeypatch.setenv("PATH", os.pathsep.join([str(frozen), str(fake_bin), "/usr/bin", "/bin"]))
    document = tmp_path / "TA-2026-0001.pdf"
    document.write_bytes(b"%PDF-1.4\n")

    assert external.open_path(document)

    out = Path(f"{document}.env")
    deadline = time.monotonic() + 30
    while not (out.exists() and out.read_text().endswith("}")) and time.monotonic() < deadline:
        time.sleep(0.02)  # the viewer is detached: wait for its record
    env = json.loads(out.read_text())
    assert_no_bundle_paths(env, frozen)
    assert env["LD_LIBRARY_PATH"] == "/opt/user/lib"
    assert "QT_PLUGIN_PATH" not in env


def test_open_path_says_when_no_viewer_can_start(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # no xdg-open / open anywhere
    assert external.open_path(tmp_path) is False


def test_a_saved_empty_original_means_the_user_had_it_empty(tmp_path):
    bundle = tmp_path / "b"
    env = external.child_environment(
        {"LD_LIBRARY_PATH": str(bundle), "LD_LIBRARY_PATH_ORIG": "", "HOME": "/home/x"}, bundle
    )
    assert env == {"HOME": "/home/x"}


def test_outside_the_frozen_app_the_environment_is_unchanged(monkeypatch):
    monkeypatch.delattr(sys, "frozen", raising=False)
    monkeypatch.setenv("QT_PLUGIN_PATH", "/usr/lib/qt6/plugins")
    monkeypatch.delenv("QT_PLUGIN_PATH_ORIG", raising=False)
    assert external.child_environment() == dict(os.environ)
