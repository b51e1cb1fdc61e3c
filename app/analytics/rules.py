"""The codes every segment model uses, the thresholds (:class:`Rules`, read from
settings) and the progress/cancel contract every step shares."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

import sqlite_utils

from app import settings as app_settings

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]

LAYERS = ("platinum", "gold", "iron", "lead", "inactive")
LOYALTY_CELLS = ("true_friend", "barnacle", "butterfly", "stranger")
VALUE_CELLS = ("star", "cash_cow", "question", "dog")
LIFECYCLE = ("prospect", "new", "repeat", "loyal", "dormant", "lost")
STRATEGIES = ("deep_care", "deep_acquisition", "deep_mining", "long_term_nurture")
CUSTOMER_TYPES = ("effective", "ineffective", "discount", "frequency", "amount")
STRATEGY_OF = {
    "true_friend": "deep_care",
    "star": "deep_care",
    "butterfly": "deep_acquisition",
    "question": "deep_acquisition",
    "barnacle": "deep_mining",
    "cash_cow": "deep_mining",
    "stranger": "long_term_nurture",
    "dog": "long_term_nurture",
}
WINDOW_DAYS = 365  # "the last 12 months": D−364 … D


class Cancelled(Exception):
    """``should_cancel()`` asked to stop."""


@dataclass(frozen=True)
class Rules:
    """Every threshold the segments use; ``Rules.load(db)`` reads them from settings
    (``app.settings.DEFAULTS`` has the defaults and their keys)."""

    pyramid_layers: tuple[tuple[str, float], ...] = (
        ("platinum", 0.01),
        ("gold", 0.19),
        ("iron", 0.30),
    )
    rfm_window: str = "lifetime"  # or "12m"
    loyalty_threshold: float | None = None  # None: median
    value_threshold_fen: int | None = None
    current_threshold_fen: int | None = None
    potential_threshold_fen: int | None = None
    dormant_days: int = 180
    lost_days: int = 365
    loyal_min_days_12m: int = 4
    loyal_min_tenure_days: int = 365
    one_time_gone_days: int = 365
    discount_share: float = 0.6
    min_tickets: int = 3
    frequency_max_cv: float = 0.5
    amount_max_cv: float = 0.25
    # app.analytics.forecast
    clv_margin: float = 0.4
    clv_margin_min_known_share: float = 0.8
    clv_discount_rate: float = 0.12
    clv_horizon_months: int = 36
    clv_acquisition_cost_fen: int = 0
    clv_forecast_days: int = 365

    KEYS: ClassVar[dict[str, str]] = {
        "pyramid_layers": "segments_pyramid_layers",
        "rfm_window": "segments_rfm_window",
        "loyalty_threshold": "segments_loyalty_threshold",
        "value_threshold_fen": "segments_value_threshold_fen",
        "current_threshold_fen": "segments_current_threshold_fen",
        "potential_threshold_fen": "segments_potential_threshold_fen",
        "dormant_days": "lifecycle_dormant_days",
        "lost_days": "lifecycle_lost_days",
        "loyal_min_days_12m": "lifecycle_loyal_min_days_12m",
        "loyal_min_tenure_days": "lifecycle_loyal_min_tenure_days",
        "one_time_gone_days": "types_one_time_gone_days",
        "discount_share": "types_discount_share",
        "min_tickets": "types_min_tickets",
        "frequency_max_cv": "types_frequency_max_cv",
        "amount_max_cv": "types_amount_max_cv",
        "clv_margin": "clv_margin",
        "clv_margin_min_known_share": "clv_margin_min_known_share",
        "clv_discount_rate": "clv_discount_rate",
        "clv_horizon_months": "clv_horizon_months",
        "clv_acquisition_cost_fen": "clv_acquisition_cost_fen",
        "clv_forecast_days": "clv_forecast_days",
    }

    @classmethod
    def load(cls, db: sqlite_utils.Database) -> Rules:
        values: dict[str, Any] = {}
        default = cls()
        for attr, key in cls.KEYS.items():
            value = app_settings.get(db, key)
            if value is None and attr not in (
                "loyalty_threshold",
                "value_threshold_fen",
                "current_threshold_fen",
                "potential_threshold_fen",
            ):
                value = getattr(default, attr)
            values[attr] = value
        values["pyramid_layers"] = tuple(
            (str(code), float(share)) for code, share in values["pyramid_layers"]
        )
        rules = cls(**values)
        rules.validate()
        return rules

    def validate(self) -> None:
        shares = [s for _, s in self.pyramid_layers]
        if not shares or any(s <= 0 for s in shares) or sum(shares) >= 1.0 + 1e-9:
            raise ValueError(
                "segments_pyramid_layers: each share must be > 0 and together below 1 "
                f"(the rest is the 'lead' layer); got {shares}"
            )
        names = [code for code, _ in self.pyramid_layers]
        if any(not code.isidentifier() for code in names) or {"lead", "inactive"} & set(names):
            raise ValueError(
                "segments_pyramid_layers: layer codes are lower-case words (a-z, _), "
                f"not 'lead' or 'inactive'; got {names}"
            )
        if self.rfm_window not in ("lifetime", "12m"):
            raise ValueError("segments_rfm_window must be 'lifetime' or '12m'")
        if not 0 < self.dormant_days < self.lost_days:
            raise ValueError("lifecycle: need 0 < dormant days < lost days")

    def layer_codes(self) -> tuple[str, ...]:
        return (*(code for code, _ in self.pyramid_layers), "lead", "inactive")

    def fingerprint(self) -> str:
        """A short hash of the rules (snapshots made under other rules are stale)."""
        blob = json.dumps(
            {k: getattr(self, k) for k in self.KEYS}, sort_keys=True, default=list
        ).encode()
        return hashlib.sha1(blob).hexdigest()[:16]

    def clv_rules(self) -> Any:
        from app.analytics.forecast import ClvRules

        return ClvRules(
            margin=float(self.clv_margin),
            annual_rate=float(self.clv_discount_rate),
            horizon_months=int(self.clv_horizon_months),
            acquisition_cost_fen=int(self.clv_acquisition_cost_fen),
            forecast_days=int(self.clv_forecast_days),
        )
