"""What every part of the member card shares: its translation context and how it
writes dates and times."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ui import i18n

CONTEXT = "MemberCard"


def _t(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text) if text else ""


def _lang() -> str:
    return i18n.current_language()


def _date(value: str | None) -> str:
    return value[:10] if value else ""


def _time(value: str | None) -> str:
    return value[:16].replace("T", " ") if value else ""
