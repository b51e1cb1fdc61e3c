"""The Satisfaction tab: the quadrant and trend charts' places, the factor table and
the period's surveys; New survey…, Survey factors…"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import labels, permissions
from ui.pages.feedback.common import QUADRANT_FG, _item, _lang, _table, _when


class SurveysTab:
    def _chart_holder(self, key: str) -> QWidget:
        holder = QWidget()
        holder.setObjectName(f"chart_{key}")
        lay = QVBoxLayout(holder)
        lay.setContentsMargins(0, 0, 0, 0)
        self.chart_holders[key] = holder
        return holder

    def _build_surveys(self) -> QWidget:
        self.chart_tabs = QTabWidget()
        self.chart_tabs.setObjectName("surveyCharts")
        self.chart_tabs.addTab(self._chart_holder("quadrant"), "")
        self.chart_tabs.addTab(self._chart_holder("trend"), "")
        self.survey_summary = QLabel()
        self.survey_summary.setObjectName("surveySummary")
        self.survey_summary.setWordWrap(True)
        self.factor_table = _table("factorTable")
        self.factor_table.setColumnCount(5)
        self.survey_table = _table("surveyTable")
        self.survey_table.setColumnCount(4)
        self.new_survey_button = QPushButton()
        self.new_survey_button.setObjectName("newSurvey")
        self.new_survey_button.clicked.connect(self.new_survey)
        self.factors_button = QPushButton()
        self.factors_button.setObjectName("editFactors")
        self.factors_button.clicked.connect(self.edit_factors)
        # the factor list is a rule: the owner's (app.permissions)
        self.factors_button.setVisible(permissions.allowed(self.ctx.actor, permissions.RULES))
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_survey_button)
        buttons.addWidget(self.factors_button)
        buttons.addStretch(1)
        self.surveys_heading = QLabel()
        self.surveys_heading.setObjectName("sectionTitle")
        side = QWidget()
        col = QVBoxLayout(side)
        col.setContentsMargins(8, 0, 0, 0)
        col.addWidget(self.survey_summary)
        col.addWidget(self.factor_table, 2)
        col.addLayout(buttons)
        col.addWidget(self.surveys_heading)
        col.addWidget(self.survey_table, 3)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.chart_tabs)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        return splitter

    def _fill_surveys(self) -> None:
        assert self.quad is not None
        lang = _lang()
        q = self.quad
        if q["axes"]["importance"] is None:
            self.survey_summary.setText(self.tr("No surveys in this period yet."))
        else:
            overall = q["overall_mean"]
            self.survey_summary.setText(
                self.tr(
                    "%1 surveys. Mean importance %2, mean satisfaction %3 (the chart's axes); "
                    "overall satisfaction %4."
                )
                .replace("%1", f"{q['surveys']:,}")
                .replace("%2", f"{q['axes']['importance']:.2f}")
                .replace("%3", f"{q['axes']['satisfaction']:.2f}")
                .replace("%4", "—" if overall is None else f"{overall:.2f}")
            )
        t = self.factor_table
        t.setRowCount(len(q["factors"]))
        for row, f in enumerate(q["factors"]):
            quadrant = _item(labels.word("quadrant", f["quadrant"], lang))
            quadrant.setForeground(QBrush(QUADRANT_FG[f["quadrant"]]))
            cells = (
                _item(labels.word("survey_factor", f["factor"], lang)),
                _item(f"{f['importance']:.2f}"),
                _item(f"{f['satisfaction']:.2f}"),
                _item(str(f["n"])),
                quadrant,
            )
            for col, item in enumerate(cells):
                t.setItem(row, col, item)
        t.resizeColumnsToContents()
        s = self.survey_table
        s.setRowCount(len(self.surveys))
        for row, sv in enumerate(self.surveys):
            scores = "  ".join(
                f"{labels.word('survey_factor', k, lang)} {v[0]}/{v[1]}"
                for k, v in sv["scores"].items()
            )
            cells = (
                _item(_when(sv["at"])),
                _item(sv["name"] or "—"),
                _item("—" if sv["overall"] is None else str(sv["overall"])),
                _item(" · ".join(p for p in (sv["comment"] or "", scores) if p)),
            )
            for col, item in enumerate(cells):
                s.setItem(row, col, item)
        s.resizeColumnsToContents()

    def new_survey(self) -> bool:
        from ui.dialogs.feedback_dialogs import SurveyDialog

        return self._run(SurveyDialog(self.ctx, parent=self))

    def edit_factors(self) -> bool:
        from ui.dialogs.feedback_dialogs import FactorsDialog

        return self._run(FactorsDialog(self.ctx, parent=self))

    def _retranslate_surveys(self) -> None:
        self.chart_tabs.setTabText(0, self.tr("Importance × satisfaction"))
        self.chart_tabs.setTabText(1, self.tr("Trend by month"))
        self.factor_table.setHorizontalHeaderLabels(
            [
                self.tr("Factor"),
                self.tr("Importance"),
                self.tr("Satisfaction"),
                self.tr("Scores"),
                self.tr("Quadrant"),
            ]
        )
        self.surveys_heading.setText(self.tr("Surveys in the period"))
        self.survey_table.setHorizontalHeaderLabels(
            [self.tr("Time"), self.tr("Member"), self.tr("Overall"), self.tr("Comment and scores")]
        )
        self.new_survey_button.setText(self.tr("New survey…"))
        self.factors_button.setText(self.tr("Survey factors…"))
