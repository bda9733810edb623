"""Help → User guide: bundled, searchable, with the first week, statuses, repayment, rules."""

from __future__ import annotations

from certdesk.gui.user_guide import UserGuide, guide_file


def test_the_guide_opens_from_help_and_finds_words(qtbot, window):
    assert guide_file().is_file()
    help_menu = window.menuBar().actions()[3].menu()
    action = next(a for a in help_menu.actions() if a.text() == "&User guide")
    assert action.shortcut().toString() == "F1"
    action.trigger()
    guide = window.guide
    assert isinstance(guide, UserGuide)
    text = guide.browser.toPlainText()
    for heading in (
        "Your first week, step by step",
        "What the statuses mean",
        "How the repayment is computed",
        "docs/rules.md",
    ):
        assert heading in text
    guide.find.setText("undo")
    assert guide.search(from_start=True)
    assert guide.browser.textCursor().selectedText().lower() == "undo"
    assert guide.found.text().endswith("found")
    guide.find.setText("no such word anywhere")
    assert not guide.search(from_start=True) and guide.found.text() == "not found"
