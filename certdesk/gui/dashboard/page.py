"""The Dashboard: what needs attention and what the certifications cost and brought, at a glance.

Cards with one figure and a plain sentence each, the return on every certification, and the
managers over the §127 limit this year. Loaded on the worker when first opened.
"""

from __future__ import annotations

import datetime as _dt
import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from certdesk.core.figures import EXPIRING_REPORT_DAYS as LATER_DAYS
from certdesk.core.figures import EXPIRING_SOON_DAYS as SOON_DAYS
from certdesk.core.figures import FIGURES
from certdesk.core.money import format_cents
from certdesk.core.words import plural
from certdesk.gui.dashboard.reminders_panel import RemindersPanel
from certdesk.gui.operations.runner import Ops
from certdesk.gui.paths.filters import EXPIRING
from certdesk.gui.widgets.columns import OVERDUE_COLOR, SOON_COLOR, fold, money, natural_key
from certdesk.gui.widgets.data_page import DataPage, heading_label, hint_label, list_view
from certdesk.gui.widgets.table_model import Column, RowTableModel
from certdesk.services.dashboard.figures import dashboard

if TYPE_CHECKING:
    from collections.abc import Callable

    from certdesk.services.dashboard.figures import (
        CertificationFigures,
        Dashboard,
        OverLimit,
        YearSpend,
    )
    from certdesk.store import Store

GOOD_COLOR = "#1b6e20"
ROI_ROWS_SHOWN = 8  # more certifications than this scroll


def _load(store: Store) -> Dashboard:

    return dashboard(store)


class Card:
    """What one card says: a title, one big figure, a sentence, how urgent it is, and a tooltip
    with the figure's definition (core.figures.FIGURES) and the numbers behind it."""

    __slots__ = ("key", "title", "figure", "sentence", "color", "tooltip")

    def __init__(
        self,
        key: str,
        title: str,
        figure: str,
        sentence: str,
        color: str | None = None,
        numbers: str = "",
    ) -> None:
        self.key, self.title, self.figure, self.sentence = key, title, figure, sentence
        self.color = color
        definition = FIGURES[key].definition
        self.tooltip = f"{definition}\n\n{numbers}" if numbers else definition


def cards(d: Dashboard) -> list[Card]:
    """The dashboard's cards, in reading order. Plain text; links are added by the page."""

    def cash(cents: int) -> str:
        return format_cents(cents, d.currency_symbol)

    def spend_parts(y: YearSpend) -> str:
        return (
            f"education {cash(y.education_cents)} + class wages {cash(y.class_wages_cents)}"
            f" + travel {cash(y.travel_cents)}"
        )

    s = d.paths_by_status
    year = d.today.year
    out = [
        Card(
            "managers",
            "Managers",
            f"{d.managers_active:,}",
            f"{plural(d.managers_active, 'manager is', 'managers are')} active; "
            f"{plural(d.managers_departed, 'has', 'have')} left the company.",
        ),
        Card(
            "paths",
            "Certification paths",
            f"{d.open_paths:,}",
            f"{plural(d.open_paths, 'path is', 'paths are')} open "
            f"({s.get('planned', 0):,} planned, {s.get('approved', 0):,} approved, "
            f"{s.get('enrolled', 0):,} enrolled); {s.get('completed', 0):,} completed, "
            f"{s.get('expired', 0):,} expired, {s.get('withdrawn', 0):,} withdrawn, "
            f"{s.get('failed', 0):,} failed.",
        ),
    ]
    if d.expiring_soon or d.expiring_later:
        expiring = (
            f"{plural(d.expiring_soon, 'credential expires', 'credentials expire')} within "
            f"{SOON_DAYS} days; {d.expiring_later:,} within {LATER_DAYS} days (the expiring "
            "report)."
        )
    else:
        expiring = f"No active manager's credential expires within the next {LATER_DAYS} days."
    soon_until = d.today + _dt.timedelta(days=SOON_DAYS)
    later_until = d.today + _dt.timedelta(days=LATER_DAYS)
    out.append(
        Card(
            "expiring",
            "Credentials expiring",
            f"{d.expiring_soon:,}",
            expiring,
            SOON_COLOR if d.expiring_soon else None,
            f"From {d.today} to {soon_until}: {d.expiring_soon:,}. "
            f"From {d.today} to {later_until}: {d.expiring_later:,}.",
        )
    )
    waiting = d.agreements_awaiting_signature
    out.append(
        Card(
            "signature",
            "Agreements awaiting signature",
            f"{waiting:,}",
            (
                f"{plural(waiting, 'issued agreement is', 'issued agreements are')} waiting "
                "for the manager's signature"
                if waiting
                else "Every issued agreement is signed"
            )
            + (
                f"; {plural(d.agreements_draft, 'draft', 'drafts')} not issued yet."
                if d.agreements_draft
                else "."
            ),
            SOON_COLOR if waiting else None,
        )
    )
    r = d.repayments
    equation = (
        f"Charged {cash(r.charged_cents)} = received {cash(r.received_cents)} + waived "
        f"{cash(r.waived_cents)} + still to come {cash(r.to_come_cents)}."
    )
    if r.charged_cents:
        repayment = (
            f"Departed managers were charged {cash(r.charged_cents)}: "
            f"{cash(r.received_cents)} received + {cash(r.waived_cents)} waived + "
            f"{cash(r.to_come_cents)} still to come."
        )
    else:
        repayment = "No departed manager owes a repayment."
    out.append(
        Card(
            "repayments",
            "Repayments still to come",
            cash(r.to_come_cents),
            repayment,
            SOON_COLOR if r.to_come_cents else None,
            equation,
        )
    )
    now, before = d.spend_this_year, d.spend_last_year
    spend = f"{spend_parts(now).capitalize()}. In {year - 1}: {cash(before.total_cents)}."
    if d.committed_unpaid_cents:
        spend += f" Committed, not yet paid: {cash(d.committed_unpaid_cents)}."
    if d.undated_paid_lines:
        spend += (
            f" {plural(d.undated_paid_lines, 'paid line has', 'paid lines have')} no paid-on "
            "date and count nowhere (certdesk check lists them)."
        )
    out.append(
        Card(
            "spend",
            f"Company spend in {year}",
            cash(now.total_cents),
            spend,
            None,
            f"{year}: {spend_parts(now)} = {cash(now.total_cents)}.\n"
            f"{year - 1}: {spend_parts(before)} = {cash(before.total_cents)}.\n"
            f"Committed, not yet paid: {cash(d.committed_unpaid_cents)} on "
            f"{plural(d.committed_unpaid_lines, 'line', 'lines')}.",
        )
    )
    over = len(d.over_127)
    limit = cash(d.section_127_limit_cents)
    out.append(
        Card(
            "section127",
            f"Over the §127 limit in {year}",
            f"{over:,}",
            (
                f"{plural(over, 'manager has', 'managers have')} received more than {limit} "
                f"of education this year; the excess may be taxable unless it is a working-condition "
                f"fringe: ask payroll."
                if over
                else f"No manager has received more than {limit} of education this year."
            ),
            OVERDUE_COLOR if over else GOOD_COLOR,
        )
    )
    committed, done, overdue = d.plan_committed, d.plan_done, d.plan_overdue
    waiting_items = d.plan_items_in_progress
    closed = d.plan_items_not_applicable
    sentence = (
        f"Managers have done {done:,} of the {plural(committed, 'thing', 'things')} they "
        f"committed to put into practice after certifying; {overdue:,} "
        f"{'is' if overdue == 1 else 'are'} past the due date."
        if committed
        else "No certified manager has an application plan yet."
    )
    if waiting_items:
        sentence += f" {waiting_items:,} more wait for their path to be completed."
    out.append(
        Card(
            "plans",
            "Putting it into practice",
            f"{done:,} of {committed:,}",
            sentence,
            OVERDUE_COLOR if overdue else None,
            f"Items of completed paths: {committed:,} ({done:,} done, {overdue:,} overdue, "
            f"{committed - done - overdue:,} not due yet). Paths in progress: {waiting_items:,}. "
            f"Not applicable (withdrawn or failed paths): {closed:,}.",
        )
    )
    return out


def _count_column(
    header: str,
    count: Callable[[CertificationFigures], int],
    *,
    tooltip: str = "",
    color: Callable[[CertificationFigures], str | None] | None = None,
) -> Column[CertificationFigures]:
    """A right-aligned count ("1,204"), sorted by the number."""
    return Column(
        header, lambda c: f"{count(c):,}", count, align_right=True, tooltip=tooltip, color=color
    )


def _hours(hours: float) -> str:
    return f"{hours:,.1f}".rstrip("0").rstrip(".") if hours else "0"


def _defined(key: str) -> str:
    return FIGURES[key].definition


ROI_COLUMNS: list[Column[CertificationFigures]] = [
    Column("Code", lambda c: c.code, lambda c: natural_key(c.code)),
    Column(
        "Certification",
        lambda c: c.name if c.active else f"{c.name} (retired)",
        lambda c: fold(c.name),
    ),
    _count_column("Certified", lambda c: c.certified, tooltip=_defined("certified")),
    _count_column("In progress", lambda c: c.in_progress, tooltip=_defined("in_progress")),
    Column(
        "Spent, finished",
        lambda c: money(c.finished_spend_cents),
        lambda c: c.finished_spend_cents,
        align_right=True,
        tooltip=_defined("finished_spend"),
    ),
    Column(
        "Per certified",
        lambda c: money(c.spend_per_certified_cents) if c.certified else "—",
        lambda c: (c.spend_per_certified_cents is None, c.spend_per_certified_cents or 0),
        align_right=True,
        tooltip=_defined("per_certified"),
    ),
    Column(
        "Spent, open",
        lambda c: money(c.open_spend_cents),
        lambda c: c.open_spend_cents,
        align_right=True,
        tooltip=_defined("open_spend"),
    ),
    _count_column("Plan items", lambda c: c.plan_committed, tooltip=_defined("plans")),
    _count_column(
        "Done", lambda c: c.plan_done, color=lambda c: GOOD_COLOR if c.plan_done else None
    ),
    _count_column(
        "Overdue",
        lambda c: c.plan_overdue,
        tooltip="Plan items of completed paths not done and past the due date",
        color=lambda c: OVERDUE_COLOR if c.plan_overdue else None,
    ),
    Column(
        "Hours away",
        lambda c: _hours(c.hours_away),
        lambda c: c.hours_away,
        align_right=True,
        tooltip=_defined("hours_away"),
    ),
]

OVER_127_COLUMNS: list[Column[OverLimit]] = [
    Column("No.", lambda r: r.employee_no, lambda r: natural_key(r.employee_no)),
    Column("Name", lambda r: r.full_name, lambda r: fold(r.full_name)),
    Column(
        "Education paid",
        lambda r: money(r.company_paid_cents),
        lambda r: r.company_paid_cents,
        align_right=True,
        tooltip="Company-paid tuition, exams, materials and other education costs this year",
    ),
    Column(
        "Taxable above limit",
        lambda r: money(r.over_cents),
        lambda r: r.over_cents,
        align_right=True,
        color=lambda r: OVERDUE_COLOR,
    ),
]


class CardView(QFrame):
    """One card: small title, big figure, a sentence (which may hold a link). A card with a
    link is clicked anywhere to follow it (the filtered list it counts)."""

    clicked = Signal(str)  # the card's link

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.link = ""
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("card")
        self.setStyleSheet(
            "#card { background: palette(base); border: 1px solid palette(mid);"
            " border-radius: 6px; }"
        )
        self.title = QLabel()
        self.title.setStyleSheet("color: palette(placeholder-text); font-weight: bold;")
        self.figure = QLabel()
        font = self.figure.font()
        font.setPointSizeF(font.pointSizeF() * 1.9)
        font.setBold(True)
        self.figure.setFont(font)
        self.sentence = QLabel()
        self.sentence.setWordWrap(True)
        self.sentence.setTextFormat(Qt.TextFormat.RichText)
        self.sentence.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        column = QVBoxLayout(self)
        column.setSpacing(2)
        column.addWidget(self.title)
        column.addWidget(self.figure)
        column.addWidget(self.sentence, 1)

    def show_card(self, card: Card, link: str = "") -> None:

        self.title.setText(card.title)
        self.figure.setText(card.figure)
        self.setToolTip(card.tooltip)
        self.figure.setStyleSheet(f"color: {card.color};" if card.color else "")
        text = html.escape(card.sentence)
        if link:
            text += f' <a href="{link}">Show them</a>'
        self.sentence.setText(text)
        self.link = link
        self.setCursor(Qt.CursorShape.PointingHandCursor if link else Qt.CursorShape.ArrowCursor)
        if link:  # what the figure counts (card.tooltip), then where a click leads
            self.setToolTip(
                (card.tooltip + "\n\n" if card.tooltip else "") + "Click to see them in the list"
            )

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 (Qt)
        super().mouseReleaseEvent(event)
        if self.link and event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(self.link)


class DashboardPage(DataPage):
    """The figures; a click on "Show them" lists the paths a card counts."""

    paths_requested = Signal(str)  # a Paths page choice (path_filters.CHOICES)
    manager_requested = Signal(str)  # employee_no: a double-click in the §127 list
    load = staticmethod(_load)

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(ops, parent)
        self.dashboard: Dashboard | None = None
        self.cards: dict[str, Card] = {}
        self.title = heading_label("Dashboard")
        self.as_of = hint_label("Loading the figures…")
        self.card_views: dict[str, CardView] = {}
        grid = QGridLayout()
        grid.setSpacing(10)
        keys = (
            "expiring",
            "signature",
            "repayments",
            "section127",
            "managers",
            "paths",
            "spend",
            "plans",
        )
        for number, key in enumerate(keys):
            view = CardView()
            view.sentence.linkActivated.connect(self.paths_requested)
            view.clicked.connect(self.paths_requested)
            self.card_views[key] = view
            grid.addWidget(view, number // 4, number % 4)
        for column in range(4):
            grid.setColumnStretch(column, 1)

        self.roi_model: RowTableModel[CertificationFigures] = RowTableModel(
            ROI_COLUMNS, parent=self
        )
        self.roi_view = list_view(self.roi_model)
        header = self.roi_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.roi_note = hint_label(
            "What each certification cost the company (per certified: spend on finished paths, "
            "failures included, per manager certified; spend on open paths apart), and how much "
            "of what certified managers committed to put into practice is done. Hover a column "
            "or card for its definition."
        )
        self.over_model: RowTableModel[OverLimit] = RowTableModel(OVER_127_COLUMNS, parent=self)
        self.over_view = list_view(self.over_model, widths=(100, 0, 140, 160), stretch=1)
        self.over_view.setToolTip("Double-click a manager to open them")
        self.over_view.doubleClicked.connect(
            lambda index: self.manager_requested.emit(self.over_model.row(index).employee_no)
        )
        self.over_title = heading_label("Over the §127 limit", 1.1)
        self.over_note = hint_label()

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addSpacing(12)
        top.addWidget(self.as_of, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(grid)

        self.reminders = RemindersPanel(ops)
        self.reminders.manager_requested.connect(self.manager_requested)
        self.loaded.connect(self.reminders.reload)  # reloaded with the figures
        layout.addSpacing(8)
        layout.addWidget(self.reminders)
        layout.addSpacing(8)
        layout.addWidget(heading_label("Return on each certification", 1.1))
        layout.addWidget(self.roi_note)
        layout.addWidget(self.roi_view)  # as tall as its rows (see _fit_roi_height)
        layout.addSpacing(8)
        layout.addWidget(self.over_title)
        layout.addWidget(self.over_note)
        layout.addWidget(self.over_view, 100)  # the rest of the page, when anyone is over
        layout.addStretch(1)  # ... or empty space, when nobody is

    def show_data(self, d: Dashboard) -> None:
        self.dashboard = d
        self.as_of.setText(f"Figures as of {d.today.isoformat()}; they update after every change.")
        links = {"expiring": EXPIRING if d.expiring_soon else ""}
        self.cards = {card.key: card for card in cards(d)}
        for card in self.cards.values():
            self.card_views[card.key].show_card(card, links.get(card.key, ""))
        self.roi_model.set_rows(d.certifications)
        self._fit_roi_height()
        year, limit = d.today.year, format_cents(d.section_127_limit_cents, d.currency_symbol)
        self.over_title.setText(f"Over the §127 limit in {year}")
        self.over_model.set_rows(d.over_127)
        self.over_note.setText(
            f"Company-paid education above {limit} in a calendar year may be taxable pay "
            "(IRS §127) unless it qualifies as a working-condition fringe (§132): ask payroll. "
            "Limits after 2026 are in Edit → Settings."
            if d.over_127
            else f"Nobody is over the {limit} limit in {year}: nothing to report to payroll."
        )
        self.over_view.setVisible(bool(d.over_127))

    def _fit_roi_height(self) -> None:
        """Show every certification without a scroll bar (up to ROI_ROWS_SHOWN of them)."""
        rows = min(max(self.roi_model.rowCount(), 1), ROI_ROWS_SHOWN)
        view = self.roi_view
        height = view.horizontalHeader().sizeHint().height() + 2 * view.frameWidth()
        height += rows * view.verticalHeader().defaultSectionSize()
        if view.horizontalScrollBar().isVisible():
            height += view.horizontalScrollBar().sizeHint().height()
        view.setFixedHeight(height)

    def card_sentence(self, key: str) -> str:
        """The plain sentence a card shows (without its link)."""
        return self.cards[key].sentence

    def card_tooltip(self, key: str) -> str:
        """The tooltip a card shows: its definition and the numbers behind it."""
        return self.card_views[key].toolTip()
