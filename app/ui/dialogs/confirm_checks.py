"""Before Confirm: ask where the money comes from for lines that do not say, and show
duplicate items (app.rules.confirm_checks). Enter accepts the suggestions. Kept out of the
grid's own files so the grid's keyboard work and these checks change separately."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.services.need_confirm import ConfirmReview, review_confirmation, source_text
from app.services.needs import NeedRow
from app.services.vocabulary import FUNDING_SOURCES
from app.ui.undo import NeedActions

# The combinations a coordinator picks from; the suggestion is added when it is another one.
CHOICES = (*((s,) for s in FUNDING_SOURCES), ("erate", "local"), ("erate", "state"))
SCROLL_AFTER = 8  # lines; more scroll inside the dialog instead of growing off the screen


def _source_combo(suggested: tuple[str, ...]) -> QComboBox:
    combo = QComboBox()
    for choice in (suggested, *(c for c in CHOICES if c != suggested)):
        combo.addItem(source_text(choice), ",".join(choice))
    return combo


class ConfirmChecksDialog(QDialog):
    """`sources()` → {uid: 'erate,local'} for the lines that had none, after exec()."""

    def __init__(self, review: ConfirmReview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Before confirming")
        self.setMinimumWidth(560)
        self.review = review
        self.combos: dict[str, QComboBox] = {}
        layout = QVBoxLayout(self)
        if review.missing:
            self._add_sources(layout)
        if review.duplicates:
            self._add_duplicates(layout)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("&Confirm anyway" if review.duplicates else "&Confirm")
        ok.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _add_sources(self, layout: QVBoxLayout) -> None:
        count = len(self.review.missing)
        intro = QLabel(f"<b>{count} line{'s do' if count != 1 else ' does'} not say where the "
                       "money comes from.</b> The confirmation sheet totals the lines by "
                       "funding source; the suggestion is the member's usual source, or "
                       "follows the item's E-rate category.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form_widget = QWidget()
        form = QFormLayout(form_widget)
        if count > 1:
            self.all_combo = _source_combo(self.review.missing[0].suggested)
            self.all_combo.insertItem(0, "(as suggested for each line)", "")
            self.all_combo.setCurrentIndex(0)
            self.all_combo.setAccessibleName("Funding source for all lines")
            self.all_combo.currentIndexChanged.connect(self._set_all)
            form.addRow("&All lines:", self.all_combo)
        for missing in self.review.missing:
            line = missing.line
            combo = _source_combo(missing.suggested)
            label = f"{line.item_code or line.description}"
            combo.setAccessibleName(f"Funding source of {label}")
            form.addRow(QLabel(label), combo)
            self.combos[line.uid] = combo
        if count > SCROLL_AFTER:
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setWidget(form_widget)
            scroll.setMinimumHeight(280)
            layout.addWidget(scroll, 1)
        else:
            layout.addWidget(form_widget)

    def _add_duplicates(self, layout: QVBoxLayout) -> None:
        items = "".join(f"<li>{d.label} — {len(d.uids)} lines for FY{d.funding_year}</li>"
                        for d in self.review.duplicates)
        warning = QLabel(f"<b>The same item is on more than one line:</b><ul>{items}</ul>"
                         "Usually a slip: cancel, then merge the quantities into one line "
                         "or withdraw the extra one. Confirm anyway only if both are meant.")
        warning.setWordWrap(True)
        warning.setStyleSheet("color: #8a4b00;")
        warning.setAccessibleName("Duplicate items")
        layout.addWidget(warning)

    def _set_all(self, index: int) -> None:
        value = self.all_combo.itemData(index)
        for uid, combo in self.combos.items():
            missing = next(m for m in self.review.missing if m.line.uid == uid)
            wanted = value or ",".join(missing.suggested)
            combo.setCurrentIndex(max(0, combo.findData(wanted)))

    def sources(self) -> dict[str, str]:
        return {uid: str(combo.currentData()) for uid, combo in self.combos.items()}


def ask_before_confirm(review: ConfirmReview, parent: QWidget) -> dict[str, str] | None:
    """The sources to fill in ({} when none were missing), or None when the user cancels."""
    if review.clear:
        return {}
    dialog = ConfirmChecksDialog(review, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.sources()


def confirm_with_checks(actions: NeedActions, lines: list[NeedRow],
                        parent: QWidget) -> list[NeedRow] | None:
    """The grid's Confirm: review the lines, ask, then fill the sources and confirm as one
    undo step. None when the user cancels."""
    with actions.store.session() as session:
        review = review_confirmation(session, [line.uid for line in lines])
    sources = ask_before_confirm(review, parent)
    if sources is None:
        return None
    actions.stack.beginMacro(f"Confirm {len(lines)} line(s)")
    try:
        for line in lines:
            if line.uid in sources:
                actions.edit(line, {"funding_sources": sources[line.uid]})
        return actions.set_status(lines, "confirmed")
    finally:
        actions.stack.endMacro()
