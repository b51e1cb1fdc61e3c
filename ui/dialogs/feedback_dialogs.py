"""The feedback page's forms (反馈): a satisfaction survey, a complaint (new or edited),
the reason a member is marked lost, and the owner's list of survey factors.

Each form calls one ``app.feedback`` action, shows every ``FieldError`` in red under its
field (nothing is written while any is wrong), notifies the change through
``ctx.notify`` and closes Accepted. Ctrl+Enter / Ctrl+S save. No SQL, no rules here.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QDateTime, QEvent, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import feedback, labels, members, permissions
from app.core import Changes, FieldError, NotFound, PermissionDenied, ValidationError
from app.normalize import format_fen, parse_money_fen
from ui.context import AppContext
from ui.widgets.form_kit import (
    ClerkCombo,
    add_save_shortcuts,
    error_label,
    field_with_error,
    lang,
    set_error,
    use_dialog_style,
)
from ui.widgets.member_picker import MemberPicker

SCORES = (1, 2, 3, 4, 5)


def _code_combo(group: str, name: str, codes: list[str] | None = None) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    for code in codes if codes is not None else labels.choices(group):
        combo.addItem(labels.word(group, code, lang()), code)
    return combo


def _score_combo(name: str) -> QComboBox:
    """ "—" (not rated) or 1–5."""
    combo = QComboBox()
    combo.setObjectName(name)
    combo.addItem("—", None)
    for n in SCORES:
        combo.addItem(str(n), n)
    return combo


def _member_text(db: Any, member_id: int | None, actor: Any) -> str:
    if member_id is None:
        return ""
    m = members.get_member(db, member_id, actor=actor)
    return f"{m['member_no']}  {m['name']}" if m else ""


class _FormDialog(QDialog):
    """Shared: field → (error label, widget), errors shown inline, save buttons."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.changes: Changes | None = None
        use_dialog_style(self)
        self.field_errors: dict[str, tuple[QLabel, QWidget | None]] = {}
        self.general_error = error_label()
        self.save_button = QPushButton()
        self.save_button.setObjectName("saveButton")
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        add_save_shortcuts(self, self.save)

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.cancel_button)
        row.addWidget(self.save_button)
        return row

    @staticmethod
    def _time_edit() -> QDateTimeEdit:
        """When it happened: now, to the minute, with a calendar."""
        edit = QDateTimeEdit(QDateTime.currentDateTime())
        edit.setObjectName("atEdit")
        edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        edit.setCalendarPopup(True)
        return edit

    def _form(self, *rows: tuple[str, QWidget]) -> QFormLayout:
        """A form of ``(field, widget)`` rows, each with its label (``form_labels``,
        texts set in ``retranslate_ui``) and its error line (:meth:`_field`)."""
        self.form_labels: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for key, widget in rows:
            self.form_labels[key] = QLabel()
            form.addRow(self.form_labels[key], self._field(key, widget))
        return form

    def _field(self, key: str, widget: QWidget, shown: QWidget | None = None) -> QWidget:
        err = error_label()
        self.field_errors[key] = (err, widget)
        return field_with_error(shown or widget, err)

    def clear_errors(self) -> None:
        for err, widget in self.field_errors.values():
            set_error(err, widget, "")
        set_error(self.general_error, None, "")

    def show_errors(self, errors: list[FieldError]) -> None:
        other = []
        for e in errors:
            text = e.message(lang())
            target = self.field_errors.get(e.field)
            if target is None:
                other.append(text)
            else:
                err, widget = target
                set_error(err, widget, (err.text() + "; " if err.text() else "") + text)
        if other:
            set_error(self.general_error, None, "; ".join(other))

    def show_denied(self) -> None:
        set_error(
            self.general_error,
            None,
            QCoreApplication.translate("FeedbackForm", "Your role may not do this."),
        )

    def field_error(self, key: str) -> str:
        target = self.field_errors.get(key)
        return target[0].text() if target else ""

    def _done(self, changes: Changes) -> None:
        self.changes = changes
        self.ctx.notify(changes)
        self.accept()

    def save(self) -> None:  # pragma: no cover - every form overrides it
        raise NotImplementedError

    def retranslate_ui(self) -> None:
        # Explicit context: tr() in a shared base class would use the subclass's name.
        self.save_button.setText(QCoreApplication.translate("FeedbackForm", "Save (Ctrl+Enter)"))
        self.cancel_button.setText(QCoreApplication.translate("FeedbackForm", "Cancel"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "field_errors"):
            self.retranslate_ui()
        super().changeEvent(event)


# ------------------------------------------------------------------ survey


class SurveyDialog(_FormDialog):
    """A satisfaction survey: each factor's satisfaction and importance (1–5), the
    overall rating and a comment, optionally for a member and the contact it was taken
    in."""

    def __init__(
        self,
        ctx: AppContext,
        member_id: int | None = None,
        contact_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("surveyDialog")
        self.contact_id = contact_id
        self.factors = feedback.survey_factors(ctx.db)
        self.member_picker = MemberPicker(ctx)
        self.member_picker.setObjectName("surveyMember")
        self.member_picker.set_member(member_id, _member_text(ctx.db, member_id, ctx.actor))
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(12)
        self.sat_header = QLabel()
        self.sat_header.setObjectName("sectionTitle")
        self.imp_header = QLabel()
        self.imp_header.setObjectName("sectionTitle")
        self.grid.addWidget(self.sat_header, 0, 1)
        self.grid.addWidget(self.imp_header, 0, 2)
        self.score_combos: dict[str, tuple[QComboBox, QComboBox]] = {}
        self.factor_labels: dict[str, QLabel] = {}
        for row, factor in enumerate(self.factors, start=1):
            label = QLabel()
            sat = _score_combo(f"sat_{factor}")
            imp = _score_combo(f"imp_{factor}")
            err = error_label()
            self.field_errors[f"score_{factor}"] = (err, sat)
            self.grid.addWidget(label, row, 0)
            self.grid.addWidget(sat, row, 1)
            self.grid.addWidget(imp, row, 2)
            self.grid.addWidget(err, row, 3)
            self.score_combos[factor] = (sat, imp)
            self.factor_labels[factor] = label
        self.overall_combo = _score_combo("overallCombo")
        self.comment_edit = QPlainTextEdit()
        self.comment_edit.setObjectName("commentEdit")
        self.comment_edit.setTabChangesFocus(True)
        self.comment_edit.setFixedHeight(60)
        self.clerk_combo = ClerkCombo(ctx.db, ctx.actor)
        self.at_edit = self._time_edit()
        self.hint = QLabel()
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)

        form = self._form(
            ("member_id", self.member_picker),
            ("overall", self.overall_combo),
            ("comment", self.comment_edit),
            ("clerk_id", self.clerk_combo),
            ("at", self.at_edit),
        )
        self.field_errors["scores"] = (self.general_error, None)
        self.field_errors["contact_id"] = (self.general_error, None)

        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addLayout(self.grid)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addLayout(self._buttons())
        self.resize(560, 520)
        self.retranslate_ui()

    def set_scores(self, scores: dict[str, tuple[int | None, int | None]]) -> None:
        for factor, (sat, imp) in scores.items():
            a, b = self.score_combos[factor]
            a.setCurrentIndex(a.findData(sat))
            b.setCurrentIndex(b.findData(imp))

    def values(self) -> dict[str, Any]:
        scores: dict[str, tuple[object, object]] = {}
        for factor, (sat, imp) in self.score_combos.items():
            s, i = sat.currentData(), imp.currentData()
            if s is None and i is None:
                continue  # not asked
            scores[factor] = ("" if s is None else s, "" if i is None else i)
        return {
            "member_id": self.member_picker.member_id(),
            "contact_id": self.contact_id,
            "scores": scores,
            "overall": self.overall_combo.currentData(),
            "comment": self.comment_edit.toPlainText(),
            "clerk_id": self.clerk_combo.current_id(),
            "at": self.at_edit.dateTime().toString("yyyy-MM-ddTHH:mm:ss"),
        }

    def save(self) -> None:
        self.clear_errors()
        try:
            changes = feedback.record_survey(self.ctx.db, actor=self.ctx.actor, **self.values())
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return
        except PermissionDenied:
            self.show_denied()
            return
        self.clerk_combo.remember()
        self._done(changes)

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.setWindowTitle(self.tr("Satisfaction survey"))
        self.hint.setText(
            self.tr(
                "For each factor ask how satisfied the customer is and how much it matters "
                "to them (1 = not at all, 5 = very). Leave a factor at — if it was not asked."
            )
        )
        self.sat_header.setText(self.tr("Satisfaction"))
        self.imp_header.setText(self.tr("Importance"))
        for factor, label in self.factor_labels.items():
            label.setText(labels.word("survey_factor", factor, lang()))
        self.form_labels["member_id"].setText(self.tr("Member:"))
        self.form_labels["overall"].setText(self.tr("Overall satisfaction:"))
        self.form_labels["comment"].setText(self.tr("Comment:"))
        self.form_labels["clerk_id"].setText(self.tr("Clerk:"))
        self.form_labels["at"].setText(self.tr("Time:"))


# ------------------------------------------------------------------ complaint


class ComplaintDialog(_FormDialog):
    """Register a complaint (``complaint_id`` None) or edit one: status, owner,
    resolution, compensation."""

    def __init__(
        self,
        ctx: AppContext,
        complaint_id: int | None = None,
        member_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("complaintDialog")
        self.complaint_id = complaint_id
        self.original: dict[str, Any] | None = None
        if complaint_id is not None:
            found = [
                c
                for c in feedback.list_complaints(ctx.db, today=_today())
                if c["id"] == complaint_id
            ]
            if not found:
                raise NotFound(f"complaint {complaint_id} does not exist")
            self.original = found[0]
            member_id = self.original["member_id"]
        self.member_picker = MemberPicker(ctx)
        self.member_picker.setObjectName("complaintMember")
        self.member_picker.set_member(member_id, _member_text(ctx.db, member_id, ctx.actor))
        self.member_picker.setEnabled(complaint_id is None)
        self.category_combo = _code_combo("complaint_category", "categoryCombo")
        self.description_edit = QPlainTextEdit()
        self.description_edit.setObjectName("descriptionEdit")
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setFixedHeight(70)
        self.owner_combo = ClerkCombo(ctx.db, ctx.actor)
        self.owner_combo.setObjectName("ownerCombo")
        self.status_combo = _code_combo("complaint_status", "statusCombo")
        self.resolution_edit = QPlainTextEdit()
        self.resolution_edit.setObjectName("resolutionEdit")
        self.resolution_edit.setTabChangesFocus(True)
        self.resolution_edit.setFixedHeight(60)
        self.compensation_edit = QLineEdit()
        self.compensation_edit.setObjectName("compensationEdit")
        # compensation is money: managers and the owner (app.permissions)
        self.compensation_edit.setEnabled(
            permissions.allowed(ctx.actor, permissions.FEEDBACK_ADMIN)
        )
        self.at_edit = self._time_edit()
        self.resolved_label = QLabel()
        self.resolved_label.setObjectName("hint")

        form = self._form(
            ("member_id", self.member_picker),
            ("at", self.at_edit),
            ("category", self.category_combo),
            ("description", self.description_edit),
            ("owner_id", self.owner_combo),
            ("status", self.status_combo),
            ("resolution", self.resolution_edit),
            ("compensation_fen", self.compensation_edit),
        )
        self.field_errors["resolved_at"] = (self.general_error, None)

        if self.original is not None:
            o = self.original
            self.at_edit.setDateTime(QDateTime.fromString(o["at"], "yyyy-MM-ddTHH:mm:ss"))
            self.category_combo.setCurrentIndex(self.category_combo.findData(o["category"]))
            self.description_edit.setPlainText(o["description"] or "")
            i = self.owner_combo.findData(o["owner_id"])
            if i >= 0:
                self.owner_combo.setCurrentIndex(i)
            self.status_combo.setCurrentIndex(self.status_combo.findData(o["status"]))
            self.resolution_edit.setPlainText(o["resolution"] or "")
            if o["compensation_fen"]:
                self.compensation_edit.setText(format_fen(o["compensation_fen"], symbol=False))

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.resolved_label)
        layout.addWidget(self.general_error)
        layout.addLayout(self._buttons())
        self.resize(560, 560)
        self.retranslate_ui()

    def values(self, errors: list[FieldError]) -> dict[str, Any]:
        comp = self.compensation_edit.text().strip()
        fen = 0
        if comp:
            try:
                fen = parse_money_fen(comp, field="compensation_fen") or 0
            except ValidationError as exc:
                errors.extend(exc.errors)
        data: dict[str, Any] = {
            "category": self.category_combo.currentData(),
            "description": self.description_edit.toPlainText(),
            "owner_id": self.owner_combo.current_id(),
            "status": self.status_combo.currentData(),
            "resolution": self.resolution_edit.toPlainText(),
            "compensation_fen": fen,
            "at": self.at_edit.dateTime().toString("yyyy-MM-ddTHH:mm:ss"),
        }
        if self.original is not None and data["at"][:16] == self.original["at"][:16]:
            del data["at"]  # unchanged (the stored time has seconds)
        return data

    def save(self) -> None:
        self.clear_errors()
        pre: list[FieldError] = []
        data = self.values(pre)
        if pre:
            self.show_errors(pre)
            return
        try:
            if self.complaint_id is None:
                changes = feedback.register_complaint(
                    self.ctx.db,
                    actor=self.ctx.actor,
                    member_id=self.member_picker.member_id(),
                    **data,
                )
            else:
                changes = feedback.update_complaint(
                    self.ctx.db, complaint_id=self.complaint_id, data=data, actor=self.ctx.actor
                )
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return
        except PermissionDenied:
            self.show_denied()
            return
        self._done(changes)

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.setWindowTitle(
            self.tr("New complaint") if self.complaint_id is None else self.tr("Complaint")
        )
        for key, text in (
            ("member_id", self.tr("Member:")),
            ("at", self.tr("Received:")),
            ("category", self.tr("Category:")),
            ("description", self.tr("What happened:")),
            ("owner_id", self.tr("Handled by:")),
            ("status", self.tr("Status:")),
            ("resolution", self.tr("Resolution:")),
            ("compensation_fen", self.tr("Compensation (yuan):")),
        ):
            self.form_labels[key].setText(text)
        o = self.original
        if o is not None and o["resolved_at"]:
            self.resolved_label.setText(
                self.tr("Resolved %1").replace("%1", o["resolved_at"][:16].replace("T", " "))
            )
        else:
            self.resolved_label.setText(
                self.tr("The resolution time is recorded when the status becomes resolved.")
            )


# ------------------------------------------------------------------ lost


class LostReasonDialog(_FormDialog):
    """Why is this member lost? A reason (and a note, needed for "other")."""

    def __init__(self, ctx: AppContext, member_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("lostReasonDialog")
        self.member_id = member_id
        self.member_label = QLabel(_member_text(ctx.db, member_id, ctx.actor))
        self.member_label.setObjectName("memberBanner")
        self.reason_combo = _code_combo("lost_reason", "reasonCombo")
        self.reason_combo.setCurrentIndex(-1)
        self.note_edit = QLineEdit()
        self.note_edit.setObjectName("noteEdit")
        self.note_edit.setMaxLength(feedback.NOTE_MAX)
        form = self._form(("reason", self.reason_combo), ("note", self.note_edit))
        self.field_errors["member_id"] = (self.general_error, None)
        layout = QVBoxLayout(self)
        layout.addWidget(self.member_label)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addLayout(self._buttons())
        self.resize(440, 200)
        self.retranslate_ui()

    def save(self) -> None:
        self.clear_errors()
        try:
            changes = feedback.mark_lost(
                self.ctx.db,
                member_id=self.member_id,
                reason=self.reason_combo.currentData(),
                note=self.note_edit.text(),
                actor=self.ctx.actor,
            )
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return
        except PermissionDenied:
            self.show_denied()
            return
        self._done(changes)

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.setWindowTitle(self.tr("Mark as lost"))
        self.form_labels["reason"].setText(self.tr("Why did they leave?"))
        self.form_labels["note"].setText(self.tr("Note:"))
        self.note_edit.setPlaceholderText(self.tr("what the customer said (needed for Other)"))


# ------------------------------------------------------------------ factors


class FactorsDialog(_FormDialog):
    """The owner's survey factors, one per line (the standard ones by their names)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("factorsDialog")
        self.hint = QLabel()
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        self.edit = QPlainTextEdit()
        self.edit.setObjectName("factorsEdit")
        self.edit.setPlainText(
            "\n".join(
                labels.word("survey_factor", f, lang()) for f in feedback.survey_factors(ctx.db)
            )
        )
        self.field_errors["factors"] = (self.general_error, self.edit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.edit)
        layout.addWidget(self.general_error)
        layout.addLayout(self._buttons())
        self.resize(420, 360)
        self.retranslate_ui()

    def factors(self) -> list[str]:
        out = []
        for line in self.edit.toPlainText().splitlines():
            if line.strip():
                out.append(labels.code_of("survey_factor", line.strip()) or line.strip())
        return out

    def save(self) -> None:
        self.clear_errors()
        try:
            changes = feedback.set_survey_factors(
                self.ctx.db, factors=self.factors(), actor=self.ctx.actor
            )
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return
        except PermissionDenied:
            self.show_denied()
            return
        self._done(changes)

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.setWindowTitle(self.tr("Survey factors"))
        self.hint.setText(
            self.tr(
                "One factor per line, in the order they are asked. Past surveys keep their scores."
            )
        )


def _today() -> Any:
    import datetime as dt

    return dt.date.today()
