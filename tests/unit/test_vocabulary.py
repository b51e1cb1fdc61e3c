"""One vocabulary path (issue #14): every code the audit log, the call list and the
monthly report can show has a Chinese label in ``app.labels`` that is a word, not the
code, and holds no ASCII letters except the store's own (``ALLOWED_LATIN``).

The codes are taken from where they are made (the ``audit.record`` calls in ``app/``,
the call list's reasons, the analytics' constants …), not from the labels, so a new
code without a label fails here."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from app import analytics as segments
from app import audit, calllist, feedback, labels, members, merge, occasions, privacy, settings
from app.core import SYSTEM
from app.excel import columns, exporter
from app.feedback import complaints

APP = Path(__file__).resolve().parents[2] / "app"

# Latin letters the store itself uses in its Chinese words, each where it is meant.
ALLOWED_LATIN = {
    "U",  # U盘, the USB stick of the backup copy folder (settings page)
    "RFM",  # the RFM model's name (analytics tab and report column)
    "R",  # recency, frequency, monetary: the RFM letters on the chart's axes
    "F",
    "M",
}

# audit.record calls whose summary is still free text, by top-level module or package
# of app/: the call sites in loyalty, segments and the Excel importer (to get
# audit.summary(...) calls; their templates are ready in labels group
# "audit_summary"), and privacy.record_print, whose text (the report's month) holds no
# words.
FREE_TEXT_SUMMARIES = {"privacy": 1}


def _latin_words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z]+", text))


def _check_word(group: str, code: str, problems: list[str]) -> None:
    pair = labels.WORDS.get(group, {}).get(code)
    if pair is None:
        problems.append(f"{group}.{code}: no label")
        return
    zh = pair[0]
    if not zh.strip() or zh == code:
        problems.append(f"{group}.{code}: the Chinese label is the code itself")
    elif _latin_words(re.sub(r"\{[^}]*\}", "", zh)) - ALLOWED_LATIN:  # {fields} aside
        problems.append(f"{group}.{code}: Latin letters in {zh!r}")


def _check_all(group: str, codes: object) -> None:
    problems: list[str] = []
    for code in codes:  # type: ignore[attr-defined]
        _check_word(group, str(code), problems)
    assert not problems, "\n".join(problems)


# ------------------------------------------------------------------ what app/ writes


def _audit_calls() -> list[tuple[str, ast.Call]]:
    calls = []
    for path in sorted(APP.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            f = node.func
            if (isinstance(f, ast.Attribute) and f.attr == "record" and _is(f.value, "audit")) or (
                path.name == "audit.py" and isinstance(f, ast.Name) and f.id == "record"
            ):
                calls.append((_module(path), node))
    return calls


def _module(path: Path) -> str:
    """``loyalty`` for app/loyalty.py and for app/loyalty/rules.py alike."""
    return path.relative_to(APP).parts[0].removesuffix(".py")


def _is(node: ast.expr, name: str) -> bool:
    return isinstance(node, ast.Name) and node.id == name


def _constants(node: ast.expr | None) -> list[str | None] | None:
    """The strings an argument can be, or None when it is computed."""
    if node is None or (isinstance(node, ast.Constant) and node.value is None):
        return [None]
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        a, b = _constants(node.body), _constants(node.orelse)
        return None if a is None or b is None else a + b
    return None


def _arg(call: ast.Call, index: int, name: str) -> ast.expr | None:
    if len(call.args) > index:
        return call.args[index]
    for kw in call.keywords:
        if kw.arg == name:
            return kw.value
    return None


def _summary_codes() -> set[str]:
    """First arguments of every ``audit.summary(...)`` in app/."""
    found: set[str] = set()
    for path in APP.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute | ast.Name)
                and getattr(node.func, "attr", getattr(node.func, "id", "")) == "summary"
                and node.args
            ):
                found |= {c for c in _constants(node.args[0]) or [] if c}
    return found


def test_the_source_walk_finds_the_audit_calls():
    calls = _audit_calls()
    assert len(calls) > 40
    actions = {c for _, call in calls for c in _constants(_arg(call, 2, "action")) or []}
    assert {"login", "contact", "purchase", "merge", "export"} <= actions
    assert {"contact", "sale", "member_merge", "audit_export"} <= _summary_codes()


def test_every_audit_action_has_a_chinese_word():
    codes: set[str] = set()
    for where, call in _audit_calls():
        found = _constants(_arg(call, 2, "action"))
        assert found, f"app/{where}…:{call.lineno}: the action is not a literal code"
        codes |= {c for c in found if c}
    _check_all("audit_action", sorted(codes))


def test_every_kind_of_record_in_the_audit_log_has_a_chinese_word():
    codes: set[str] = set()
    computed = []
    for where, call in _audit_calls():
        found = _constants(_arg(call, 3, "entity"))
        if found is None:
            computed.append(where)
        else:
            codes |= {c for c in found if c}
    # the computed ones: an import's or export's kind, a print's subject
    assert sorted(set(computed)) == ["excel", "privacy"]
    codes |= set(columns.KIND_NAMES) | set(exporter.KINDS) | {"report"}
    _check_all("record", sorted(codes))


def test_every_summary_is_codes_except_the_listed_call_sites():
    free: dict[str, int] = {}
    for where, call in _audit_calls():
        said = _arg(call, 5, "summary")
        if said is None or _is_summary(said):
            continue
        free[where] = free.get(where, 0) + 1
    assert free == FREE_TEXT_SUMMARIES


def _is_summary(node: ast.expr) -> bool:
    if isinstance(node, ast.IfExp):
        return _is_summary(node.body) and _is_summary(node.orelse)
    if isinstance(node, ast.Name):
        return node.id == "said"  # the call sites' name for an audit.summary(...)
    return (
        isinstance(node, ast.Call)
        and getattr(node.func, "attr", getattr(node.func, "id", "")) == "summary"
    )


def test_every_summary_template_used_exists():
    missing = _summary_codes() - set(labels.WORDS["audit_summary"])
    assert not missing


# ------------------------------------------------------------------ the summaries' words


def _fields(template: str) -> list[tuple[str, str]]:
    return [
        (name, spec or "")
        for _, name, spec, _ in string.Formatter().parse(template)
        if name is not None
    ]


def test_every_summary_template_is_chinese_and_names_the_same_fields_in_both_languages():
    problems = []
    for code, (zh, en) in labels.WORDS["audit_summary"].items():
        if sorted(_fields(zh)) != sorted(_fields(en)):
            problems.append(f"{code}: the two templates' fields differ")
        text = re.sub(r"\{[^}]*\}", "", zh)
        if _latin_words(text) - ALLOWED_LATIN:
            problems.append(f"{code}: Latin letters in {zh!r}")
        for _, spec in _fields(zh):
            if spec and spec != "fen" and spec not in labels.WORDS:
                try:
                    format(0, spec)
                except ValueError:
                    problems.append(f"{code}: {spec!r} is neither a group nor a format")
    assert not problems, "\n".join(problems)


def _groups_in_summaries() -> set[str]:
    return {
        spec
        for zh, _ in labels.WORDS["audit_summary"].values()
        for _, spec in _fields(zh)
        if spec in labels.WORDS
    }


def test_every_group_a_summary_names_has_chinese_words_for_its_codes():
    groups = _groups_in_summaries()
    assert {"purpose", "channel", "outcome", "member_field", "record", "setting"} <= groups
    for group in groups:
        _check_all(group, labels.WORDS[group])


def test_the_codes_that_fill_summaries_all_have_words(db):
    columns = {c.name for c in db["members"].columns} - {"id", "created_at", "updated_at"}
    report_sections = set(privacy.member_data(db, _a_member(db), actor=SYSTEM))
    moved = {t for t, _ in merge._member_fks(db)}
    _check_all("member_field", sorted(columns | members.EDITABLE))
    _check_all("complaint_field", complaints._COMPLAINT_FIELDS)
    _check_all("record", sorted(report_sections - {"member"} | moved | {"referrals"}))
    _check_all("backup_reason", ["manual", "auto", "close", "before-restore"])
    _check_all("login_failure", labels.WORDS["login_failed"])
    _check_all("audit_filter", ["since", "until", "user_id", "action", "text"])
    _check_all("excel", ["new", "updated", "unchanged", "conflict", "rejected"])
    for e in settings.EDITABLE:  # the settings page names its own keys
        problems: list[str] = []
        if e.zh == e.key or _latin_words(e.zh) - ALLOWED_LATIN:
            problems.append(f"setting {e.key}: {e.zh!r}")
        assert not problems


def _a_member(db) -> int:
    from app.core import SYSTEM
    from app.members import create_member

    return create_member(db, actor=SYSTEM, data={"name": "张三"}).created_id


def test_the_actor_system_is_a_word():
    entry = {"user_id": None, "actor_name": "system"}
    assert audit.actor_text(entry, "zh") == "系统"
    assert audit.actor_text({"user_id": 3, "actor_name": "王丽"}, "zh") == "王丽"


# ------------------------------------------------------------------ the call list


def test_every_call_list_reason_purpose_channel_and_outcome_has_a_chinese_word():
    _check_all("task_reason", calllist.REASON_PURPOSE)
    _check_all("purpose", sorted(set(calllist.REASON_PURPOSE.values())))
    _check_all("purpose", labels.choices("purpose"))  # the contact form offers them all
    _check_all("channel", labels.choices("channel"))
    _check_all("outcome", labels.choices("outcome"))
    _check_all("festival", occasions.FESTIVALS)
    _check_all("relation", labels.choices("relation"))


# ------------------------------------------------------------------ the monthly report


@pytest.mark.parametrize(
    ("group", "codes"),
    [
        ("pyramid_layer", segments.LAYERS),
        ("loyalty_cell", segments.LOYALTY_CELLS),
        ("value_cell", segments.VALUE_CELLS),
        ("lifecycle", segments.LIFECYCLE),
        ("strategy", segments.STRATEGIES),
        ("customer_type", segments.CUSTOMER_TYPES),
        ("survey_factor", feedback.DEFAULT_FACTORS),
        ("complaint_category", labels.choices("complaint_category")),
        ("complaint_status", feedback.OPEN_STATUSES + feedback.DONE_STATUSES),
        ("lost_reason", feedback.LOST_REASONS),
        ("chart", labels.choices("chart")),
        ("report", [k for k, (_zh, en) in labels.WORDS["report"].items()]),
    ],
)
def test_every_code_the_monthly_report_shows_has_a_chinese_word(group, codes):
    _check_all(group, codes)


def test_a_missing_word_a_code_for_a_word_and_english_all_fail_the_check(monkeypatch):
    with pytest.raises(AssertionError, match="no label"):
        _check_all("purpose", ["a_new_purpose"])
    monkeypatch.setitem(labels.WORDS["purpose"], "same", ("same", "Same"))
    with pytest.raises(AssertionError, match="the code itself"):
        _check_all("purpose", ["same"])
    monkeypatch.setitem(labels.WORDS["purpose"], "sale", ("Sale 促销", "Sale"))
    with pytest.raises(AssertionError, match="Latin"):
        _check_all("purpose", ["sale"])
