"""certdesk.core must stay pure: importing it pulls in no Qt, no SQLite and no reportlab."""

from __future__ import annotations

import json
import os
import pkgutil
import subprocess
import sys

import certdesk.core

FORBIDDEN = ("PySide6", "sqlite3", "_sqlite3", "sqlite_utils", "reportlab")

_SCRIPT = """
import importlib, json, pkgutil, sys
import certdesk.core
names = sorted(m.name for m in pkgutil.walk_packages(certdesk.core.__path__, "certdesk.core."))
for name in names:
    importlib.import_module(name)
loaded = sorted({m.split(".")[0] for m in sys.modules})
print(json.dumps({"modules": names, "loaded": loaded}))
"""


def test_core_imports_nothing_impure():
    # A fresh interpreter: this test process may already have Qt or sqlite loaded by others.
    # The checkout's own package first on the path, installed or not.
    root = os.path.dirname(os.path.dirname(os.path.abspath(certdesk.core.__file__)))
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [root, env.get("PYTHONPATH")]))
    result = subprocess.run(
        [sys.executable, "-c", _SCRIPT],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        env=env,
    )
    report = json.loads(result.stdout.strip().splitlines()[-1])
    expected = {m.name for m in pkgutil.walk_packages(certdesk.core.__path__, "certdesk.core.")}
    assert set(report["modules"]) == expected
    assert {"certdesk.core.repayment", "certdesk.core.compliance"} <= expected
    impure = sorted(set(report["loaded"]) & set(FORBIDDEN))
    assert impure == [], f"certdesk.core imports {impure}"
