"""Record completion dialog: the date passed, the credential number, and the proof (a
certificate file) or the reason there is none, which goes to the audit trail."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QLineEdit, QWidget

from certdesk.core.changes import Changes, Kind
from certdesk.core.errors import InvalidInput, Shown
from certdesk.gui.managers.renewal_dialogs import FilePicker, reason_edit
from certdesk.gui.operations.runner import Ops
from certdesk.gui.widgets.form_dialog import FormDialog, date_edit, future_date_question, iso_of
from certdesk.services.paths import lifecycle as paths

if TYPE_CHECKING:
    from certdesk.store import Store


class CompletionDialog(FormDialog):
    """Record that a manager earned the credential."""

    changes = Changes.of(Kind.PATHS, Kind.AGREEMENTS, Kind.RENEWALS)

    def __init__(self, ops: Ops, path: dict, parent: QWidget | None = None) -> None:
        months = path.get("validity_months")
        expiry = (
            f"The credential expires {months} months after this date."
            if months
            else f"{path['cert_code']} credentials do not expire."
        )
        super().__init__(
            ops,
            f"Record completion of {path['cert_code']} — {path['full_name']}",
            parent,
            save_text="Record completion",
            intro=expiry,
        )
        self._path_id = path["id"]
        if "row_version" in path:  # what this dialog shows; a move made elsewhere is caught
            self.shown = Shown(path["row_version"], {"status": path["status"]})
        self.on = date_edit()
        self.add_field("on", "Completed on", self.on)
        self.credential_no = QLineEdit()
        self.credential_no.setPlaceholderText("as printed on the certificate")
        self.add_field("credential_no", "Credential no.", self.credential_no)

        self.proof = FilePicker("Certificate or transcript")
        self.add_field("proof", "Proof", self.proof, "the certificate (PDF, PNG or JPEG)")
        self.missing_reason = reason_edit("or say why there is no proof yet (audited)")
        self.add_field("missing_reason", "Why no proof", self.missing_reason)

    def confirmation(self) -> tuple[str, str, str] | None:
        return future_date_question(self.on, "completed")

    def operation(self) -> Callable[[Store], Any]:
        path_id, on, credential = self._path_id, iso_of(self.on), self.credential_no.text()
        shown = self.shown
        proof, reason = self.proof.path(), self.missing_reason.toPlainText()

        def complete(store: Store) -> Any:

            if proof is None and not reason.strip():
                raise InvalidInput(
                    "proof", "attach the certificate, or say below why there is none yet"
                )
            return paths.complete_path(
                store, path_id, on, credential, shown=shown, proof=proof, missing_reason=reason
            )

        return complete
