"""One period's feedback figures as data (the ``feedback`` command's report)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlite_utils

from app.feedback.churn import lost_reasons
from app.feedback.complaints import complaint_stats
from app.feedback.surveys import importance_satisfaction
from app.feedback.winback import winback_rate


def summary(
    db: sqlite_utils.Database, start: dt.date | str, end: dt.date | str, *, today: dt.date
) -> dict[str, Any]:
    """Everything the ``feedback`` command reports, as data."""
    quad = importance_satisfaction(db, start, end)
    return {
        "from": str(start)[:10],
        "to": str(end)[:10],
        "surveys": quad["surveys"],
        "overall_mean": quad["overall_mean"],
        "axes": quad["axes"],
        "factors": quad["factors"],
        "complaints": complaint_stats(db, start, end, today=today),
        "lost_reasons": lost_reasons(db, start, end)["counts"],
        "winback": winback_rate(db, start, end, today=today),
    }
