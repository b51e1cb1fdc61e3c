"""Excel and CSV exchange: reading real-world files, header mapping, validation, the
dry-run-first importer, styled exports, templates and the head-office sync cycle.

Modules (no Qt anywhere):

* :mod:`app.excel.hostile`   — refuse dangerous or broken files before any parser sees them
* :mod:`app.excel.readers`   — .xlsx/.xlsm/.xls/.ods (python-calamine) and .csv (UTF-8,
  UTF-8 with BOM, UTF-16, GBK/GB18030) into one ``Table``; header row detection
* :mod:`app.excel.mapping`   — the columns each kind understands, header synonyms,
  remembered mappings
* :mod:`app.excel.validate`  — cell values to clean records, each problem a ``Rejection``
* :mod:`app.excel.importer`  — ``plan_import`` (the dry run) and ``apply_plan`` (one
  transaction after a backup)
* :mod:`app.excel.exporter`  — members, purchases, contacts, points to styled .xlsx
* :mod:`app.excel.templates` — empty, annotated files to fill in
* :mod:`app.excel.xlsxstream` — the small streaming .xlsx writer every export uses
* :mod:`app.excel.sync`      — head-office full export, change sets, idempotent import
  with conflicts kept for a person to decide
"""

from __future__ import annotations

KINDS = (
    "members",
    "purchases",
    "contacts",
    "points",
    "surveys",
    "complaints",
    "praise",
    "attendance",
)


class FileRefused(Exception):
    """The file cannot be read safely or at all; nothing was written.

    ``code`` is an ``app.labels.ERRORS`` code, ``params`` fill its message.
    """

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        from app.labels import error_text

        return error_text(self.code, lang, **self.params)
