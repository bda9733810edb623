"""First run: the set-up opens by itself on a new database; no issue under the placeholder."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

from certdesk.core.agreement_requests import parse_draft_request
from certdesk.gui.settings.settings_dialog import SettingsDialog

from ..agreement_setup import add_drafts
from ..agreements.test_agreements_page import select
from ..conftest import query
from ..widgets.test_document_preview import png_bytes


@pytest.fixture
def new_db(tmp_path: Path) -> Path:
    return tmp_path / "new.certdesk"


def test_a_new_database_asks_for_the_company_signer_and_logo(qtbot, new_db, tmp_path):
    from certdesk.gui.app import create_window

    window = create_window(new_db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.settings_dialog is not None, timeout=10_000)
    dialog = window.settings_dialog
    assert isinstance(dialog, SettingsDialog) and dialog.first_run
    assert dialog.windowTitle() == "Welcome to certdesk"
    qtbot.waitUntil(dialog.save_button.isEnabled)
    assert dialog.company_name.text() == ""  # the placeholder is not offered as a name
    assert not dialog.has_unsaved_input()  # values read from the database are not "typed"

    logo = tmp_path / "logo.png"
    logo.write_bytes(png_bytes())
    dialog.load_logo(logo)
    assert dialog.logo_preview.pixmap() is not None
    dialog.company_name.setText("Northwind Contact Centers, Inc.")
    dialog.signer_name.setText("Dana Reyes")
    dialog.signer_title.setText("HR Director")
    with qtbot.waitSignal(window.ops.changed, timeout=5000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    saved = dict(query(new_db, "SELECT key, value FROM settings"))
    assert saved["company_name"] == "Northwind Contact Centers, Inc."
    assert saved["signer_title"] == "HR Director"
    assert base64.b64decode(saved["logo"]) == png_bytes()
    window.close()


def test_a_logo_and_the_hr_signer_print_on_the_form(store):
    from certdesk.services import managers
    from certdesk.services.agreements import drafting, issuing
    from certdesk.services.paths import lifecycle as paths
    from certdesk.services.settings import update_settings

    update_settings(
        store,
        {"company_name": "Northwind", "signer_name": "Dana Reyes", "signer_title": "HR Director"},
        logo=png_bytes(),
    )
    managers.add_manager(
        store, {"employee_no": "H-1", "full_name": "Łukasz Żółć", "work_state": "TX"}
    )
    pid = paths.plan_path(store, "H-1", "CCCM")
    paths.add_cost(store, pid, kind="tuition", amount="1,000.00", paid_on="2026-01-15")
    number = drafting.draft_agreement(
        store, parse_draft_request(pid, months=12, schedule="prorated")
    )
    pdf = issuing.issue_agreement(store, number.agreement.agreement_no).pdf
    import io

    reader = PdfReader(io.BytesIO(pdf))
    assert "Dana Reyes, HR Director" in "".join(p.extract_text() for p in reader.pages)
    assert any(page.images for page in reader.pages)  # the logo


def test_issue_is_refused_while_the_company_is_the_placeholder(qtbot, window, db_path):
    numbers = add_drafts(db_path)  # the window tests' database keeps the placeholder
    with qtbot.waitSignal(window.agreements_page.loaded, timeout=5000):
        window.show_page("agreements")
    detail = select(qtbot, window.agreements_page, numbers["H-9001"])
    qtbot.mouseClick(detail.buttons["issue"], Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(detail.issue_finished, timeout=5000) as finished:
        pass
    assert finished.args[0].field == "company_name"
    assert "Edit → Settings…" in finished.args[0].message
    assert query(
        db_path, "SELECT status FROM agreements WHERE agreement_no = ?", numbers["H-9001"]
    ) == [("draft",)]


def test_the_command_line_warns_about_the_placeholder(run_cli, db_path, write_file):
    db = ("--db", db_path)
    csv = write_file(
        "m.csv",
        "employee_no,full_name,email,job_title,site,work_state,hire_date\n"
        "H-1,Łukasz Żółć,,,,TX,2020-01-02\n",
    )
    assert run_cli(*db, "import", "managers", csv)[0] == 0
    path_id = run_cli(*db, "path", "add", "H-1", "CCCM")[1].strip()
    run_cli(
        *db,
        "cost",
        "add",
        path_id,
        "--kind",
        "tuition",
        "--amount",
        "900.00",
        "--paid-on",
        "2026-01-05",
    )
    number = run_cli(
        *db, "agreement", "draft", path_id, "--months", "12", "--schedule", "prorated"
    )[1].strip()
    code, _, err = run_cli(*db, "agreement", "issue", number)
    assert code == 0
    assert "warning: company name: the form was issued for 'Your Company'" in err
