"""Help → State rules: every rule certdesk applies, from core.compliance, and "not legal advice"."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from certdesk.core.compliance import DISCLAIMER, RULES, SECTION_127_NOTE, Action
from certdesk.core.reasons import ENDED_BY, REASON_LABELS, EndedBy
from certdesk.core.repayment_types import DEFAULT_WAIVED_REASONS
from certdesk.core.states import US_STATES

ACTION_WORDS = {
    Action.WARN: "warns",
    Action.REFUSE: "refuses",
    Action.DECIDE: "decides the amount",
}
ENDED_WORDS = {
    EndedBy.EMPLOYEE: "the manager",
    EndedBy.EMPLOYER_MISCONDUCT: "the company, for misconduct",
    EndedBy.EMPLOYER: "the company, not for misconduct",
    EndedBy.UNCLEAR: "not recorded",
}


def rules_html() -> str:
    """The rules page as HTML, built from the rule objects so it never drifts from the code."""
    e = html.escape
    parts = [
        f"<p><b>{e(DISCLAIMER)}</b> The full page with what is left to counsel is docs/rules.md "
        "in certdesk's folder.</p>",
        "<p>The rules run when an agreement is drafted, issued and signed, and when a manager "
        "leaves; they follow the work state frozen into the agreement at issue and the day it "
        "was signed.</p>",
    ]
    for rule in RULES:
        state = US_STATES.get(rule.jurisdiction, rule.jurisdiction)
        does = ", ".join(ACTION_WORDS[a] for a in rule.actions)
        note = f"<br><i>{e(rule.effective_note)}</i>" if rule.effective_note else ""
        parts.append(
            f"<h3>{e(rule.name)}</h3><p>{e(state)}, agreements signed from "
            f"{rule.effective}. {e(rule.summary)}<br>certdesk {e(does)}.{note}<br>"
            f"<small>Source: {e(rule.source)}</small></p>"
        )
    parts.append(f"<h3>IRS § 127</h3><p>{e(SECTION_127_NOTE)}</p>")
    rows = "".join(
        f"<tr><td>{e(REASON_LABELS[r])}</td><td>{e(ENDED_WORDS[ENDED_BY[r]])}</td>"
        f"<td>{'yes' if r.value in DEFAULT_WAIVED_REASONS else 'no'}</td></tr>"
        for r in REASON_LABELS
    )
    parts.append(
        "<h3>Departure reasons</h3><table cellpadding='3'><tr><th align='left'>Reason</th>"
        "<th align='left'>Who ended it</th><th align='left'>Waived by default</th></tr>"
        f"{rows}</table>"
    )
    return "".join(parts)


class RulesDialog(QDialog):
    """A read-only page listing the state rules."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("State rules certdesk applies — not legal advice")
        self.resize(720, 560)
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(False)
        self.text.setHtml(rules_html())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
