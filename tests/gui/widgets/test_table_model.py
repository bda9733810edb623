"""The generic list model: Qt's model checks, Python-side filtering and sorting."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from certdesk.core.validation import fold
from certdesk.gui.widgets.columns import blanks_last, natural_key
from certdesk.gui.widgets.table_model import ROW_ROLE, Column, RowTableModel, compute_sort_keys


@dataclass(frozen=True)
class Row:
    number: str
    name: str
    due: str
    cents: int


COLUMNS = [
    Column("No.", lambda r: r.number, lambda r: natural_key(r.number)),
    Column("Name", lambda r: r.name, lambda r: fold(r.name)),
    Column(
        "Due",
        lambda r: r.due,
        lambda r: blanks_last(r.due),
        color=lambda r: "#b00020" if r.due and r.due < "2026-01-01" else None,
    ),
    Column("Paid", lambda r: f"{r.cents / 100:.2f}", lambda r: r.cents, align_right=True),
]

ROWS = [
    Row("H-9001", "Łukasz Żółć-Nguyễn", "2026-12-15", 149500),
    Row("H-10000", "Zoë Van der Berg", "", 0),
    Row("H-9002", "Nguyễn Thị Hương", "2025-03-01", 25000),
    Row("H-9003", "山田 太郎", "2026-02-01", 9900),
    Row("H-9010", "agnieszka wróblewska", "", 100),
]


def words_filter(rows: list[Row], text: str) -> list[Row]:
    words = fold(text).split()
    return [r for r in rows if all(w in fold(f"{r.number} {r.name}") for w in words)]


def make_model() -> RowTableModel[Row]:
    model = RowTableModel(COLUMNS, words_filter)
    model.set_rows(ROWS)
    return model


def texts(model: RowTableModel, column: int) -> list[str]:
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_qt_model_checks_pass_through_resets_filters_and_sorts(qtmodeltester):
    model = RowTableModel(COLUMNS, words_filter)
    qtmodeltester.check(model)  # empty
    model.set_rows(ROWS)
    model.sort(1, Qt.SortOrder.DescendingOrder)
    model.set_filter_text("h-900")
    model.set_row_filter(lambda r: r.cents > 0)
    qtmodeltester.check(model, force_py=True)
    model.set_rows(ROWS[:2])
    qtmodeltester.check(model)


def test_data_without_a_view():
    model = make_model()
    first = model.index(0, 0)
    assert first.data() == "H-9001"
    assert model.index(0, 3).data() == "1495.00"
    assert model.index(0, 3).data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    assert model.index(0, 1).data(Qt.ItemDataRole.TextAlignmentRole) is None
    assert model.index(2, 0).data(ROW_ROLE) is ROWS[2]
    assert model.index(2, 2).data(Qt.ItemDataRole.ForegroundRole) == QColor("#b00020")
    assert model.index(0, 2).data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Name"
    assert model.headerData(0, Qt.Orientation.Vertical) is None
    assert model.rowCount(first) == 0  # a table: rows have no children


def test_filter_text_is_case_and_accent_insensitive():
    model = make_model()
    model.set_filter_text("lukasz")
    assert texts(model, 1) == ["Łukasz Żółć-Nguyễn"]
    model.set_filter_text("NGUYEN")
    assert texts(model, 1) == ["Łukasz Żółć-Nguyễn", "Nguyễn Thị Hương"]
    model.set_filter_text("")
    assert model.rowCount() == len(ROWS)


def test_row_filter_combines_with_text():
    model = make_model()
    model.set_row_filter(lambda r: r.due != "")
    model.set_filter_text("nguyen")
    assert texts(model, 0) == ["H-9001", "H-9002"]
    model.set_row_filter(lambda r: r.cents < 100000)
    assert texts(model, 0) == ["H-9002"]
    model.set_row_filter(None)
    assert texts(model, 0) == ["H-9001", "H-9002"]


def test_sort_by_name_folds_accents_and_case():
    model = make_model()
    model.sort(1, Qt.SortOrder.AscendingOrder)
    assert texts(model, 1) == [
        "agnieszka wróblewska",
        "Łukasz Żółć-Nguyễn",
        "Nguyễn Thị Hương",
        "Zoë Van der Berg",
        "山田 太郎",
    ]
    model.sort(1, Qt.SortOrder.DescendingOrder)
    assert texts(model, 1)[0] == "山田 太郎"


def test_sort_numbers_naturally_and_blank_dates_last():
    model = make_model()
    model.sort(0, Qt.SortOrder.AscendingOrder)
    assert texts(model, 0) == ["H-9001", "H-9002", "H-9003", "H-9010", "H-10000"]
    model.sort(2, Qt.SortOrder.AscendingOrder)
    assert texts(model, 2) == ["2025-03-01", "2026-02-01", "2026-12-15", "", ""]
    model.sort(3, Qt.SortOrder.AscendingOrder)
    assert texts(model, 3) == ["0.00", "1.00", "99.00", "250.00", "1495.00"]


def test_sort_survives_filtering_and_new_rows():
    model = make_model()
    model.sort(1, Qt.SortOrder.DescendingOrder)
    model.set_filter_text("h-900")
    assert texts(model, 0) == ["H-9003", "H-9002", "H-9001"]
    model.set_filter_text("")
    model.set_rows([*ROWS, Row("H-1", "Åsa Öberg", "", 0)])
    assert texts(model, 1)[-2:] == ["Åsa Öberg", "agnieszka wróblewska"]


def test_a_selected_row_stays_selected_through_a_sort():
    model = make_model()
    held = QPersistentModelIndex(model.index(0, 1))  # Łukasz, as a selection would hold him
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert held.isValid()
    assert held.data() == "Łukasz Żółć-Nguyễn"
    assert held.row() == texts(model, 0).index("H-9001")


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.text(max_size=6), st.integers(0, 10**6)), max_size=30),
    st.integers(0, 3),
    st.booleans(),
    st.lists(st.text(alphabet="aábł 1-", max_size=4), max_size=6),
    st.booleans(),
)
def test_sort_and_filter_show_exactly_the_matching_rows_in_order(
    qapp, data, column, desc, typed, precomputed
):
    rows = [Row(f"N-{i}", name, "", cents) for i, (name, cents) in enumerate(data)]
    model = RowTableModel(COLUMNS, words_filter)
    model.set_rows(rows, compute_sort_keys(COLUMNS, rows) if precomputed else None)
    order = Qt.SortOrder.DescendingOrder if desc else Qt.SortOrder.AscendingOrder
    model.sort(column, order)
    key = COLUMNS[column].sort_key
    # Type on, delete, type again: remembered and narrowed results must equal a fresh search.
    text = ""
    for piece in typed:
        text = text[: len(text) // 2] if piece == "-" else text + piece
        model.set_filter_text(text)
        shown = model.rows()
        assert sorted(map(id, shown)) == sorted(map(id, words_filter(rows, text)))
        keys = [key(r) for r in shown]
        assert keys == sorted(keys, reverse=desc)


def test_typing_on_searches_only_the_previous_matches():
    searched: list[int] = []

    def counting_filter(rows: list[Row], text: str) -> list[Row]:
        searched.append(len(rows))
        return words_filter(rows, text)

    model = RowTableModel(COLUMNS, counting_filter)
    model.set_rows(ROWS)
    model.set_filter_text("n")
    model.set_filter_text("ng")
    model.set_filter_text("nguy")
    model.set_filter_text("ng")  # Backspace: remembered, not searched again
    assert searched == [5, 4, 2]  # all rows, what "n" matched, what "ng" matched
    assert texts(model, 1) == ["Łukasz Żółć-Nguyễn", "Nguyễn Thị Hương"]
    model.set_rows(ROWS[:3])  # new rows: nothing remembered, "ng" is searched again
    model.set_filter_text("nguy")
    assert searched[-2:] == [3, 2]
    assert texts(model, 1) == ["Łukasz Żółć-Nguyễn", "Nguyễn Thị Hương"]
