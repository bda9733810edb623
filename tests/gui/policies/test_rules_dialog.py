"""Help → State rules lists every rule from core, with its date and "not legal advice"."""

from __future__ import annotations

from certdesk.core.compliance import RULES
from certdesk.gui.policies.state_rules_dialog import RulesDialog


def test_every_rule_is_listed_with_its_date(qtbot):
    dialog = RulesDialog()
    qtbot.addWidget(dialog)
    text = dialog.text.toPlainText()
    assert "not legal advice" in text
    for rule in RULES:
        assert rule.name in text and str(rule.effective) in text
    assert "2027-02-13" in text  # the other reading of New York's date
    assert "Dismissed for misconduct" in text and "the company, not for misconduct" in text
