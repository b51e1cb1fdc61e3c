"""The day's plan and what to say: ``daily`` (who each clerk contacts today, ranked and
cut to capacity). See each module's docstring."""

from app.plan.daily import (
    LATER,
    TODAY,
    URGENCY,
    WINDOWS,
    Plan,
    PlanRow,
    daily_plan,
    plan_json,
    window_state,
)

__all__ = [
    "LATER",
    "TODAY",
    "URGENCY",
    "WINDOWS",
    "Plan",
    "PlanRow",
    "daily_plan",
    "plan_json",
    "window_state",
]
