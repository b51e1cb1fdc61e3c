"""docs/excel-columns.md documents every column the importer understands (CONVENTIONS
habit 12): it is generated from app/excel/mapping.py and must not drift."""

from __future__ import annotations

from app.excel import mapping
from app.paths import project_root


def test_docs_list_exactly_the_importers_columns():
    text = (project_root() / "docs" / "excel-columns.md").read_text(encoding="utf-8")
    assert text == mapping.columns_markdown(), (
        "docs/excel-columns.md is stale: python -m app.excel.mapping > docs/excel-columns.md"
    )
    for kind, cols in mapping.COLUMNS.items():
        for c in cols:
            assert f"| `{c.key}`" in text and c.zh in text, (kind, c.key)


def test_every_synonym_maps_back_to_its_field_and_no_header_is_ambiguous():
    for kind, cols in mapping.COLUMNS.items():
        for c in cols:
            for name in (c.zh, c.en, *c.synonyms):
                assert mapping.field_for(kind, name) == c.key, (kind, name)
