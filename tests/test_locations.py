"""The one resource locator: every bundled file is found through it and shipped in the wheel."""

from __future__ import annotations

import tomllib
from pathlib import Path

import certdesk
from certdesk import locations
from certdesk.forms import fonts

ROOT = Path(__file__).resolve().parent.parent


def test_resources_live_inside_the_package():
    resources = locations.resources_dir()
    assert resources == Path(certdesk.__file__).resolve().parent / "resources"
    for needed in (
        "fonts/DejaVuSans.ttf",
        "fonts/DroidSansFallbackFull.ttf",
        "policy/default-policy.txt",
        "sample/managers.csv",
    ):
        assert (resources / needed).is_file(), needed


def test_fonts_are_found_through_the_locator():
    assert fonts.FONT_DIR == locations.resources_dir() / "fonts"


def test_the_wheel_includes_every_resource_file():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["certdesk"]
    package = Path(certdesk.__file__).resolve().parent
    shipped = {p for pattern in patterns for p in package.glob(pattern) if p.is_file()}
    on_disk = {p for p in locations.resources_dir().rglob("*") if p.is_file()}
    assert on_disk and on_disk <= shipped


def test_nothing_is_left_beside_the_package():
    assert not (ROOT / "resources").exists()


def test_the_default_database_folder_is_made_on_first_start(tmp_path, monkeypatch):
    monkeypatch.setattr(locations, "user_data_dir", lambda: tmp_path / "data" / "certdesk")
    path = locations.database_path(None)
    assert path == tmp_path / "data" / "certdesk" / "certdesk.db"
    assert path.parent.is_dir() and not path.exists()
    assert path.parent.stat().st_mode & 0o077 == 0  # private to the user


def test_a_chosen_database_is_used_as_given(tmp_path):
    chosen = tmp_path / "missing" / "acme.certdesk"
    assert locations.database_path(str(chosen)) == chosen
    assert not chosen.parent.exists()
