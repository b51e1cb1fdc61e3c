"""Satisfaction, complaints and churn (满意度、投诉、流失原因).

**Surveys** (``record_survey``): a short form taken after a follow-up call or in store.
Each factor of the owner's list (setting ``feedback_survey_factors``; default product
quality, service, store image, price, range — codes of the labels group
``survey_factor``; a factor the owner adds is its own label) is rated for satisfaction
1–5 and importance 1–5; plus the overall satisfaction 1–5 and a comment. A survey may
name the contact it was taken in (``contacts.id``, the member's own).

**Importance × satisfaction** (``importance_satisfaction``) over a period (days
inclusive, by the survey's date): each factor's point is its mean importance and mean
satisfaction over the period's scores; the axes cross at the overall means — the mean
of *all* factor scores of the period (every score row counts once, so a factor rated
more often weighs more). A factor is *important* when its mean importance is at or
above the importance axis, *satisfied* when its mean satisfaction is at or above the
satisfaction axis:

===============  ===============  =================================
important        satisfied        quadrant
===============  ===============  =================================
yes              no               ``improve`` 急需改进
yes              yes              ``keep`` 继续保持
no               no               ``low_priority`` 不占优先
no               yes              ``bonus`` 锦上添花
===============  ===============  =================================

``satisfaction_trend`` gives each month's mean satisfaction per factor and the mean
overall score.

**Complaints** (``register_complaint``, ``update_complaint``): member, time, category
(labels ``complaint_category``), description, owner (the clerk responsible), status
``open`` → ``in_progress`` → ``resolved`` / ``closed``, resolution, compensation in
fen. ``resolved_at`` is stamped when the status first becomes resolved or closed (or
given) and cleared if the complaint is reopened; resolving needs a written resolution.
*Overdue*: a complaint still open or in progress more than
``feedback_complaint_overdue_days`` (3) whole days after it was registered
(``complaint_overdue``). *Time to resolve*: ``resolved_at − at`` in hours; the median
is over the complaints registered in the period that have been resolved or closed.

The call list (``app.calllist``) reads complaints: ``complaint_followup`` — an open or
in-progress complaint, due the day it was registered, for its owner, until a
``complaint_follow_up`` contact reaches the member (or the complaint is resolved);
``complaint_check`` — the day after a complaint was *resolved*, a call to ask whether
the customer is now satisfied, shown for ``calllist_complaint_check_overdue_days`` (7)
days, until a ``complaint_follow_up`` contact made after the resolution. Closed
complaints need no call (closed means nothing more will be done).

**Churn** (``mark_lost``, ``reactivate``): marking a member lost records a reason
(labels ``lost_reason``: unstable quality, no novelty, poor service, a competitor's
offer, price, moved away, other — "other" needs a note). ``lost_reasons`` counts the
members marked lost in a period by reason and month (by ``status_changed_at``;
members who returned are no longer counted). Free-text reasons of older data count as
``other``.

**Who may** (``app.permissions``): surveys, complaints and their updates are counter
work (``contacts``); compensation is money (``feedback_admin``, managers); the factor
list is a rule (``rules``, the owner); marking lost or active edits the member
(``edit_members``).

**Win-back** (``dormant_members``, ``winback_rate``): dormant members are those whose
derived state (app/state.py, the same everywhere) is dormant: last sale more than
``lifecycle_dormant_days`` (180) and at most ``lifecycle_lost_days`` (365) days ago, no
hand mark of "lost" in force, not anonymised. The win-back rate over a period: of the
members who got a ``winback`` contact that reached them in the period while dormant
(no sale in the ``lifecycle_dormant_days`` before the call; the first such call per
member counts), the share who bought within ``feedback_winback_days`` (90) days after
the call. Calls whose window has not ended and whose member has not bought yet are
*pending* and left out of the rate (it would otherwise sink for every recent call).

Where it lives: ``surveys`` (factors, surveys, quadrants, trend), ``complaints``,
``churn`` (lost marks and reasons), ``winback`` (dormant members, win-back rate),
``overview`` (one period's figures), ``charts`` (the matplotlib figures; imported on
its own, not here), ``common`` (shared checks). This package re-exports the public
names, so ``from app import feedback; feedback.record_survey(...)`` keeps working.
"""

from app.feedback.churn import (
    LOST_REASONS,
    NOTE_MAX,
    lost_members,
    lost_reasons,
    mark_lost,
    reactivate,
)
from app.feedback.complaints import (
    DESCRIPTION_MAX,
    DONE_STATUSES,
    OPEN_STATUSES,
    complaint_overdue,
    complaint_stats,
    list_complaints,
    open_complaints,
    register_complaint,
    resolution_hours,
    update_complaint,
)
from app.feedback.overview import summary
from app.feedback.surveys import (
    COMMENT_MAX,
    DEFAULT_FACTORS,
    FACTOR_MAX,
    QUADRANTS,
    importance_satisfaction,
    list_surveys,
    quadrant_of,
    record_survey,
    satisfaction_trend,
    set_survey_factors,
    survey_factors,
)
from app.feedback.winback import dormant_count, dormant_members, winback_rate

__all__ = [
    "COMMENT_MAX",
    "DEFAULT_FACTORS",
    "DESCRIPTION_MAX",
    "DONE_STATUSES",
    "FACTOR_MAX",
    "LOST_REASONS",
    "NOTE_MAX",
    "OPEN_STATUSES",
    "QUADRANTS",
    "complaint_overdue",
    "complaint_stats",
    "dormant_count",
    "dormant_members",
    "importance_satisfaction",
    "list_complaints",
    "list_surveys",
    "lost_members",
    "lost_reasons",
    "mark_lost",
    "open_complaints",
    "quadrant_of",
    "reactivate",
    "record_survey",
    "register_complaint",
    "resolution_hours",
    "satisfaction_trend",
    "set_survey_factors",
    "summary",
    "survey_factors",
    "update_complaint",
    "winback_rate",
]
