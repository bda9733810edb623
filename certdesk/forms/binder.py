"""The audit binder PDF: a cover with the table of contents, paths and cycles, agreements,
payments and repayments, every attached scan and the audit trail, numbered "page x of y".

Images are placed on pages by reportlab. A PDF scan gets one numbered page per page of its own:
reportlab lays out an empty slot with the binder's header and footer, then pypdf draws the scan
page into the slot, scaled to fit — so the contents and the page numbers count the scans too.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    Image,
    PageBreak,
    PageTemplate,
    Spacer,
)
from reportlab.platypus.tableofcontents import TableOfContents

from certdesk.core.labels import COST_KIND_LABELS
from certdesk.core.renewal import CYCLE_STATE_LABELS, PROOF_STATE_LABELS, format_hundredths
from certdesk.forms import blocks
from certdesk.forms.base import FormRenderer, _NumberedCanvas, date_text, money, setup

if TYPE_CHECKING:
    from certdesk.services.reports.binder import BinderContent, ManagerPart, PathPart, Scan


class _Entry(Flowable):
    """An invisible mark: "this heading starts here" for the table of contents."""

    def __init__(self, level: int, text: str) -> None:
        super().__init__()
        self.level, self.text = level, text
        self.width = self.height = 0

    def draw(self) -> None:
        pass


class _ScanSlot(Flowable):
    """A whole empty frame: pypdf draws one page of a scan into it after the build."""

    def __init__(self, slots: dict, key: tuple[int, int]) -> None:
        super().__init__()
        self.slots, self.key = slots, key

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        self.width, self.height = avail_w, avail_h - 1
        return self.width, self.height

    def draw(self) -> None:
        x, y = self.canv.absolutePosition(0, 0)
        self.slots[self.key] = (self.canv.getPageNumber(), x, y, self.width, self.height)


class _BinderDoc(BaseDocTemplate):
    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 (reportlab API)
        if isinstance(flowable, _Entry):
            self.notify("TOCEntry", (flowable.level, flowable.text, self.page))


class BinderRenderer(FormRenderer):
    form_no = "CD-B"

    def __init__(self, content: BinderContent) -> None:
        super().__init__(
            company_name=content.company_name, page_size=content.page_size, title=content.title
        )
        self.content = content
        # (scan, page) → (binder page number, x, y, width, height of the slot)
        self.slots: dict[tuple[int, int], tuple[int, float, float, float, float]] = {}
        self.pdf_scans: list[Scan] = []

    # ---- story --------------------------------------------------------------------------
    def _heading(self, level: int, text: str) -> list[Flowable]:
        style = "Heading" if level == 0 else "Subheading"
        out: list[Flowable] = [CondPageBreak(30 * mm)] if level == 0 else []
        return out + [_Entry(level, text), blocks.text(text, style)]

    def story(self) -> list[Flowable]:
        c = self.content
        toc = TableOfContents()
        toc.levelStyles = [
            ParagraphStyle("Toc0", parent=self.styles["Body"], leftIndent=0, spaceAfter=1),
            ParagraphStyle("Toc1", parent=self.styles["Small"], leftIndent=14, spaceAfter=0),
        ]
        toc.dotsMinLevel = 0
        out: list[Flowable] = [
            blocks.text(c.title, "Title"),
            blocks.text(
                f"Generated {date_text(c.generated_on)}"
                + (f"  ·  period {c.period[0]} to {c.period[1]}" if c.period else "")
                + f"  ·  {len(c.managers)} manager{'s' * (len(c.managers) != 1)}",
                "Subtitle",
            ),
            blocks.text(
                "Everything certdesk holds about the credentials, tuition agreements and "
                "repayments below, with every stored scan and the audit trail, for an auditor, "
                "payroll or the manager. Contents:"
            ),
            Spacer(1, 4),
            toc,
            PageBreak(),
        ]
        several = len(c.managers) > 1
        for manager in c.managers:
            out += self._manager(manager, several)
        if not c.managers:
            out.append(blocks.text("No manager has a recorded change in this period."))
        return out

    def _manager(self, m: ManagerPart, several: bool) -> list[Flowable]:
        base = 1 if several else 0
        out: list[Flowable] = []
        if several:
            out += [PageBreak(), _Entry(0, f"{m.full_name} ({m.employee_no})")]
            out.append(blocks.text(f"{m.full_name} ({m.employee_no})", "Title"))
        facts = [
            ["Employee no.", m.employee_no, "Job title", m.job_title],
            ["Site", m.site, "Work state", m.work_state],
            ["Hired", date_text(m.hire_date), "Status", m.status],
        ]
        if m.departure_date:
            facts.append(["Left on", date_text(m.departure_date), "Reason", m.departure_reason])
        out += self._heading(base, "Manager")
        out.append(self._table(facts, (0.16, 0.34, 0.16, 0.34), header=False))
        out += self._heading(base, "Certification paths and cycles")
        if not m.paths:
            out.append(blocks.text("No certification path."))
        for path in m.paths:
            out += self._path(path, base + 1 if not several else base + 1)
        out += self._heading(base, "Agreements")
        agreements = [(p, a) for p in m.paths for a in p.agreements]
        if not agreements:
            out.append(blocks.text("No tuition-assistance agreement."))
        for path, a in agreements:
            out += self._agreement(path, a, min(base + 1, 1))
        out += self._heading(base, "Payments and repayments")
        out += self._payments(m)
        out += self._heading(base, "Attached scans")
        if not m.scans:
            out.append(blocks.text("No scan is attached."))
        else:
            rows = [["Scan", "File", "SHA-256"]]
            rows += [[s.title, s.filename, s.sha256[:16] + "…"] for s in m.scans]
            out.append(self._table(rows, (0.45, 0.3, 0.25)))
        for scan in m.scans:
            out += self._scan(scan, min(base + 1, 1))
        out += self._heading(base, "Audit trail")
        if m.audit_lines:
            rows = [["When (UTC)", "Record", "Action", "Change"]]
            rows += [
                [at.replace("T", " ")[:16], f"{entity} {eid}", action, summary]
                for at, entity, eid, action, summary in m.audit_lines
            ]
            out.append(self._table(rows, (0.15, 0.19, 0.12, 0.54)))
        else:
            out.append(blocks.text("No audit line."))
        return out

    def _table(self, rows, fractions, header: bool = True):
        widths = self.columns(*fractions)
        body = [
            [
                blocks.cell(str(v), w) if not isinstance(v, Flowable) else v
                for v, w in zip(r, widths, strict=True)
            ]
            for r in rows[1 if header else 0 :]
        ]
        head = [rows[0]] if header else []
        return blocks.grid([*head, *body], widths, header=header)

    def _path(self, p: PathPart, level: int) -> list[Flowable]:
        out = self._heading(level, f"{p.cert_code} — {p.cert_name} (path {p.path_id})")
        facts = [
            ["Status", p.status, "Credential no.", p.credential_no or "—"],
            ["Target", date_text(p.target_date), "Enrolled", date_text(p.enrolled_on)],
            ["Completed", date_text(p.completed_on), "Expires", date_text(p.expires_on, "never")],
        ]
        if p.proof is not None:
            proof = PROOF_STATE_LABELS[p.proof.state]
            if p.proof.filename:
                proof += f": {p.proof.filename}"
            if p.proof.deadline:
                proof += f" (due by {p.proof.deadline})"
            if p.proof.missing_reason:
                proof += f"; reason: {p.proof.missing_reason}"
            facts.append(["Proof", proof, "", ""])
        out.append(self._table(facts, (0.16, 0.34, 0.16, 0.34), header=False))
        symbol = self.content.currency_symbol
        if p.costs:
            rows = [["Kind", "Description", "Paid by", "Paid on", "Amount", "Receipt"]]
            rows += [
                [
                    COST_KIND_LABELS.get(c.kind, c.kind),
                    c.description,
                    c.paid_by,
                    date_text(c.paid_on),
                    money(c.amount_cents, symbol),
                    p.receipts.get(c.id, ""),
                ]
                for c in p.costs
            ]
            out.append(Spacer(1, 4))
            out.append(self._table(rows, (0.16, 0.3, 0.1, 0.12, 0.13, 0.19)))
        if p.sessions:
            hours = sum(s.hours_away for s in p.sessions)
            out.append(
                blocks.text(
                    f"{len(p.sessions)} class session(s), {hours:g} hours away from the floor, "
                    f"{p.sessions[0].session_date} to {p.sessions[-1].session_date}.",
                    "Small",
                )
            )
        for item in p.plan:
            done = f"done {item.done_on}: {item.outcome}" if item.done_on else "not done yet"
            out.append(
                blocks.text(
                    f"Plan: {item.commitment} (due {date_text(item.due_date)}; {done})", "Small"
                )
            )
        if p.credential is not None and p.credential.cycles:
            rows = [["Cycle", "From", "Until", "State", "Credits", "Renewed"]]
            for v in p.credential.cycles:
                renewed = (
                    f"{v.cycle.renewed_on} by {v.cycle.renewal_method}"
                    if v.cycle.renewed_on
                    else ""
                )
                credits = v.tally.describe() if v.tally.needed_centihours else "none required"
                rows.append(
                    [
                        str(v.cycle.seq),
                        str(v.cycle.starts_on),
                        str(v.cycle.ends_on or "never"),
                        CYCLE_STATE_LABELS[v.state],
                        credits,
                        renewed,
                    ]
                )
            out.append(Spacer(1, 4))
            out.append(self._table(rows, (0.07, 0.12, 0.12, 0.12, 0.39, 0.18)))
            acts = [(v.cycle.seq, a) for v in p.credential.cycles for a in v.activities]
            if acts:
                rows = [["Cycle", "Date", "Activity", "Provider", "Category", "Credits"]]
                rows += [
                    [
                        str(seq),
                        str(a.earned_on),
                        a.title + (" (proof attached)" if a.attachment_id else ""),
                        a.provider,
                        a.category,
                        format_hundredths(a.credits, a.unit),
                    ]
                    for seq, a in acts
                ]
                out.append(Spacer(1, 4))
                out.append(self._table(rows, (0.07, 0.12, 0.37, 0.14, 0.15, 0.15)))
        out.append(Spacer(1, 6))
        return out

    def _agreement(self, path: PathPart, a, level: int) -> list[Flowable]:
        out = self._heading(level, f"Agreement {a.agreement_no} ({path.cert_code})")
        symbol = self.content.currency_symbol
        schedule = a.schedule + (f" {a.tiers}" if a.tiers else "")
        facts = [
            ["Status", a.status.replace("_", " "), "Policy version", str(a.policy_version or "—")],
            ["Repayable", money(a.amount_cents, symbol), "Commitment", f"{a.months} months"],
            ["Schedule", schedule, "Clock / start", f"{a.clock} / {a.start_rule}"],
            ["Created", date_text(a.created_on), "Issued", date_text(a.issued_on)],
            ["Signed", date_text(a.signed_on), "Commitment start", date_text(a.commitment_start)],
            [
                "Waived reasons",
                a.waived_reasons.replace(",", ", ") or "none",
                "Proof within",
                f"{a.proof_days} days",
            ],
        ]
        if a.void_reason:
            facts.append(["Void reason", a.void_reason, "", ""])
        out.append(self._table(facts, (0.16, 0.34, 0.16, 0.34), header=False))
        out.append(blocks.text(f"Terms SHA-256: {a.terms_sha256 or '— (not issued)'}", "Small"))
        if a.documents:
            rows = [["Stored document", "File", "Stored on", "SHA-256"]]
            rows += [[k.replace("_", " "), f, d, s[:16] + "…"] for k, f, d, s in a.documents]
            out.append(self._table(rows, (0.2, 0.4, 0.12, 0.28)))
        return out

    def _payments(self, m: ManagerPart) -> list[Flowable]:
        symbol = self.content.currency_symbol
        out: list[Flowable] = []
        company = [(p, c) for p in m.paths for c in p.costs if c.paid_by == "company"]
        if company:
            total = sum(c.amount_cents for _, c in company)
            out.append(
                blocks.text(
                    f"The company paid {money(total, symbol)} on {len(company)} cost line(s); "
                    "each is listed with its path above."
                )
            )
        rows = [["Agreement", "Departure", "Reason", "Owed", "Received", "Note"]]
        for p in m.paths:
            for a in p.agreements:
                if a.repayment is None:
                    continue
                r = a.repayment
                received = sum(amount for _, amount, _ in a.payments)
                note = "waived: " + r["waiver_note"] if r["waived"] else ""
                rows.append(
                    [
                        a.agreement_no,
                        str(r["departure_date"]),
                        r["reason"],
                        money(r["owed_cents"], symbol),
                        money(received, symbol),
                        note,
                    ]
                )
                for on, amount, text in a.payments:
                    rows.append(["", f"received {on}", "", "", money(amount, symbol), text])
        if len(rows) > 1:
            out.append(self._table(rows, (0.16, 0.16, 0.16, 0.14, 0.14, 0.24)))
        else:
            out.append(blocks.text("No repayment: the manager has not left with an agreement."))
        return out

    def _scan(self, scan: Scan, level: int) -> list[Flowable]:
        out: list[Flowable] = [PageBreak(), *self._heading(level, scan.title)]
        out.append(blocks.text(f"{scan.filename}  ·  SHA-256 {scan.sha256}", "Small"))
        if scan.mime in ("image/png", "image/jpeg"):
            from reportlab.lib.utils import ImageReader

            reader = ImageReader(io.BytesIO(scan.content))
            width, height = reader.getSize()
            room_w, room_h = self.width, self.height - 30 * mm
            scale = min(room_w / width, room_h / height, 1.0 if width > 400 else 2.0)
            out.append(Image(io.BytesIO(scan.content), width * scale, height * scale))
            return out
        from pypdf import PdfReader

        try:
            pages = len(PdfReader(io.BytesIO(scan.content)).pages)
        except Exception:  # a damaged PDF scan: say so instead of failing the binder
            out.append(blocks.text("This PDF cannot be read; its bytes are kept unchanged."))
            return out
        number = len(self.pdf_scans)
        self.pdf_scans.append(scan)
        for page in range(pages):
            if page:
                out.append(PageBreak())
            out.append(_ScanSlot(self.slots, (number, page)))
        return out

    # ---- build --------------------------------------------------------------------------
    def render(self) -> bytes:
        setup()
        buffer = io.BytesIO()
        doc = _BinderDoc(
            buffer,
            pagesize=self.page_size,
            leftMargin=self.margin_x,
            rightMargin=self.margin_x,
            topMargin=self.margin_top,
            bottomMargin=self.margin_bottom,
            title=self.doc_title,
            author=self.company_name,
            creator="certdesk",
            invariant=1,
        )
        frame = Frame(
            self.margin_x,
            self.margin_bottom,
            self.width,
            self.height,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="body",
        )
        doc.addPageTemplates([PageTemplate("page", [frame], onPage=self._decorate)])
        doc.multiBuild(self.story(), canvasmaker=_NumberedCanvas)
        rendered = buffer.getvalue()
        if not self.slots:
            return rendered
        return self._merge_scans(rendered)

    def _merge_scans(self, rendered: bytes) -> bytes:
        from pypdf import PdfReader, PdfWriter, Transformation

        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(rendered)))
        readers = [PdfReader(io.BytesIO(s.content)) for s in self.pdf_scans]
        for (scan_no, page_no), (page_number, x, y, w, h) in sorted(self.slots.items()):
            source = readers[scan_no].pages[page_no]
            box = source.mediabox
            src_w, src_h = float(box.width), float(box.height)
            scale = min(w / src_w, h / src_h)
            dx = x + (w - src_w * scale) / 2 - float(box.left) * scale
            dy = y + (h - src_h * scale) - float(box.bottom) * scale  # at the top of the slot
            target = writer.pages[page_number - 1]
            target.merge_transformed_page(
                source, Transformation().scale(scale, scale).translate(dx, dy)
            )
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()


def render_binder(content: BinderContent) -> bytes:
    return BinderRenderer(content).render()
