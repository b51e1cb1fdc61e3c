"""ui/widgets/record_form.py: the form row and table the member card's Gifts and
Alterations tabs share."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLineEdit, QPushButton, QWidget

from ui.models.readonly_table import ReadOnlyTableModel
from ui.widgets.record_form import (
    FormRow,
    date_field,
    inline_error,
    record_tab_layout,
    record_table,
    show_error,
)


def test_a_form_row_labels_each_field_and_ends_with_the_button(qtbot):
    owner = QWidget()
    qtbot.addWidget(owner)
    first, second, button = QLineEdit(), QLineEdit(), QPushButton("Add")
    row = FormRow([(first, 0), (second, 3)], button)
    table = record_table("t", ReadOnlyTableModel(3, lambda s: str(s)), stretch=2)
    note = inline_error("note")
    record_tab_layout(owner, note, table, row, FormRow([], QPushButton()))
    row.set_texts(("类别", "礼品"))
    assert [lb.text() for lb in row.labels] == ["类别", "礼品"]
    assert [lb.buddy() for lb in row.labels] == [first, second]
    # label, field, label, field, button — the second field takes the spare width
    assert [row.itemAt(i).widget() for i in range(row.count())][-1] is button
    assert row.stretch(3) == 3 and row.stretch(1) == 0
    with pytest.raises(ValueError):
        row.set_texts(("only one",))
    head = table.horizontalHeader()
    assert head.sectionResizeMode(2) == QHeaderView.ResizeMode.Stretch
    assert head.sectionResizeMode(0) == QHeaderView.ResizeMode.ResizeToContents
    assert table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    assert date_field("d").displayFormat() == "yyyy-MM-dd"


def test_the_error_line_shows_only_while_it_has_words(qtbot):
    label = inline_error("err")
    qtbot.addWidget(label)
    assert label.isHidden()
    show_error(label, "未记录：成本")
    assert not label.isHidden() and label.text() == "未记录：成本"
    show_error(label, "")
    assert label.isHidden()
