"""The main window: navigation on the left, one page at a time on the right."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSizePolicy,
    QStackedWidget,
    QStyle,
    QWidget,
)

from app import APP_NAME
from app.ui.context import AppContext
from app.ui.dialogs.help import show_about, show_shortcuts
from app.ui.pages.base import Page
from app.ui.pages.dashboard import DashboardPage
from app.ui.pages.demand import DemandPage
from app.ui.pages.members import MembersPage
from app.ui.pages.needs import NeedsPage
from app.ui.pages.procurements import ProcurementsPage
from app.ui.pages.reports import ReportsPage
from app.ui.pages.settings import SettingsPage
from app.ui.pages.sync import SyncPage

SP = QStyle.StandardPixmap
PAGES: tuple[tuple[type[Page], SP], ...] = (
    (DashboardPage, SP.SP_ComputerIcon),
    (MembersPage, SP.SP_DirIcon),
    (NeedsPage, SP.SP_FileDialogDetailedView),
    (SyncPage, SP.SP_BrowserReload),
    (DemandPage, SP.SP_FileDialogListView),
    (ProcurementsPage, SP.SP_DialogApplyButton),
    (ReportsPage, SP.SP_FileDialogContentsView),
    (SettingsPage, SP.SP_FileDialogInfoView),
)
GEOMETRY_KEY = "main_window/geometry"
PAGE_KEY = "main_window/page"
DEFAULT_SIZE = QSize(1280, 800)


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.info = ctx.info()
        self.pages: list[Page] = []
        self.page_actions: list[QAction] = []
        self._build_ui()
        self._build_menus()
        self._connect_signals()
        self._restore()

    # --- building -----------------------------------------------------------------------
    def _build_ui(self) -> None:
        self.setWindowTitle(f"{APP_NAME} — {self.info.title}")
        self.nav = QListWidget()
        self.nav.setAccessibleName("Navigation")
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setSpacing(2)
        self.stack = QStackedWidget()
        for page_class, icon in PAGES:
            page = page_class(self.ctx)
            self.pages.append(page)
            self.stack.addWidget(page)
            QListWidgetItem(self.style().standardIcon(icon), page.title, self.nav)
        width = max(self.nav.sizeHintForColumn(0), 120) + 28
        self.nav.setFixedWidth(width)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(6, 6, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self._build_status_bar()

    def _build_status_bar(self) -> None:
        info = self.info
        where = "State" if info.role == "state" else f"Region {info.region} ({info.region_name})"
        location = str(self.ctx.store.sqlite_path or info.database)
        self.role_label = QLabel(where)
        self.operator_label = QLabel(f"Operator: {info.operator}")
        self.database_label = QLabel(f"Database: {location}")
        self.database_label.setToolTip(location)
        # A long path must not widen the window: let it be cut off, the tooltip has it all.
        self.database_label.setSizePolicy(QSizePolicy.Policy.Ignored,
                                          QSizePolicy.Policy.Preferred)
        self.database_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)
        bar = self.statusBar()
        for label in (self.role_label, self.operator_label):
            label.setContentsMargins(6, 0, 12, 0)
            bar.addWidget(label)
        bar.addWidget(self.database_label, 1)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        quit_action = file_menu.addAction("&Quit")
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)

        view_menu = self.menuBar().addMenu("&View")
        for number, page in enumerate(self.pages, start=1):
            action = view_menu.addAction(page.title)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _checked=False, i=number - 1: self.show_page(i))
            self.page_actions.append(action)
        view_menu.addSeparator()
        filter_action = view_menu.addAction("&Filter the table")
        filter_action.setShortcut(QKeySequence("Ctrl+F"))
        filter_action.triggered.connect(lambda: self.current_page().focus_filter())

        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction("&Keyboard shortcuts", self._show_shortcuts)
        help_menu.addAction(f"&About {APP_NAME}", lambda: show_about(self, self.info.title))

    def _connect_signals(self) -> None:
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)

    # --- behaviour ----------------------------------------------------------------------
    def show_page(self, index: int) -> None:
        self.nav.setCurrentRow(index)

    def current_page(self) -> Page:
        page = self.stack.currentWidget()
        assert isinstance(page, Page)
        return page

    def shortcuts(self) -> list[tuple[str, str]]:
        native = QKeySequence.SequenceFormat.NativeText
        keys = [(a.shortcut().toString(native), f"Go to {a.text()}") for a in self.page_actions]
        return [*keys, ("Ctrl+F", "Filter the current table (Members, Needs)"),
                ("Ctrl+Q", "Quit")]

    def _show_shortcuts(self) -> None:
        show_shortcuts(self, self.shortcuts())

    def _restore(self) -> None:
        geometry = self.ctx.settings.value(GEOMETRY_KEY)
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(self._default_size())
        page = self.ctx.settings.value(PAGE_KEY, 0)
        try:
            index = int(page)  # type: ignore[call-overload]
        except (TypeError, ValueError):
            index = 0
        self.show_page(index if 0 <= index < len(self.pages) else 0)

    def _default_size(self) -> QSize:
        """1280×800, or less on a screen that cannot hold it."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return DEFAULT_SIZE
        return DEFAULT_SIZE.boundedTo(screen.availableSize())

    def closeEvent(self, event: QCloseEvent) -> None:
        self.ctx.settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        self.ctx.settings.setValue(PAGE_KEY, self.nav.currentRow())
        self.ctx.settings.sync()
        super().closeEvent(event)
