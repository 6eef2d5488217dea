"""The main window: menus, toolbar, navigation on the left, one page at a time on the right,
and a status bar saying who this instance is and what has not left in a sync bundle yet."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt
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
    QToolBar,
    QWidget,
)

from app import APP_NAME
from app.ui.context import AppContext
from app.ui.dialogs.help import Shortcut, collect_shortcuts, show_about, show_shortcuts
from app.ui.pages.base import Page

SP = QStyle.StandardPixmap
# Titles and icons are known before the pages exist: the window shows its navigation while
# the database layer and the pages are still loading (see attach()).
PAGE_SPECS: tuple[tuple[str, SP], ...] = (
    ("Dashboard", SP.SP_ComputerIcon),
    ("Members", SP.SP_DirIcon),
    ("Needs", SP.SP_FileDialogDetailedView),
    ("Sync", SP.SP_BrowserReload),
    ("Demand", SP.SP_FileDialogListView),
    ("Procurements", SP.SP_DialogApplyButton),
    ("Reports", SP.SP_FileDialogContentsView),
    ("Settings", SP.SP_FileDialogInfoView),
    # Last, so the places (and Ctrl+number keys) of the older pages stay where users know them.
    ("Catalog", SP.SP_DriveHDIcon),
    ("Vendors", SP.SP_DriveNetIcon),
    ("Bids", SP.SP_DialogSaveButton),
)


def page_classes() -> list[type[Page]]:
    """The page classes in navigation order (imported on demand: they pull in the services)."""
    from app.ui.pages.bids import BidsPage
    from app.ui.pages.catalog import CatalogPage
    from app.ui.pages.dashboard import DashboardPage
    from app.ui.pages.demand import DemandPage
    from app.ui.pages.members import MembersPage
    from app.ui.pages.needs import NeedsPage
    from app.ui.pages.procurements import ProcurementsPage
    from app.ui.pages.reports import ReportsPage
    from app.ui.pages.settings import SettingsPage
    from app.ui.pages.sync import SyncPage
    from app.ui.pages.vendors import VendorsPage

    return [DashboardPage, MembersPage, NeedsPage, SyncPage, DemandPage, ProcurementsPage,
            ReportsPage, SettingsPage, CatalogPage, VendorsPage, BidsPage]


PAGE_INDEX = {title: index for index, (title, _icon) in enumerate(PAGE_SPECS)}
GEOMETRY_KEY = "main_window/geometry"
STATE_KEY = "main_window/state"
PAGE_KEY = "main_window/page"
DEFAULT_SIZE = QSize(1280, 800)


class MainWindow(QMainWindow):
    """`MainWindow(ctx)` builds the whole window. `MainWindow(settings=...)` builds only its
    frame — navigation, geometry, an "Opening…" note — so it can be on screen at once, and
    `attach(ctx)` fills it in once the store is open."""

    def __init__(self, ctx: AppContext | None = None, settings: QSettings | None = None) -> None:
        super().__init__()
        self.pages: list[Page] = []
        self.page_actions: list[QAction] = []
        self.settings = ctx.settings if ctx is not None else settings or QSettings()
        self._build_frame()
        self._restore_geometry()
        if ctx is not None:
            self.attach(ctx)

    def attach(self, ctx: AppContext) -> None:
        """Build the pages, menus and status bar over an open store."""
        self.ctx = ctx
        self.settings = ctx.settings
        self.info = ctx.info()
        self._build_pages()
        self._build_status_bar()
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._connect_signals()
        self._restore_state()
        self.refresh_status()
        from app.ui.store_watcher import StoreWatcher  # needs the database layer: not at start

        self.watcher = StoreWatcher(ctx, self)
        self.watcher.changed_elsewhere.connect(lambda: self.statusBar().showMessage(
            "Updated: the data was changed by another program.", 6000))
        self.watcher.held_back.connect(lambda: self.statusBar().showMessage(
            "The data was changed by another program: what you see refreshes when you finish "
            "editing (F5 refreshes now)."))
        self.watcher.start()

    # --- building -----------------------------------------------------------------------
    def _build_frame(self) -> None:
        self.setWindowTitle(APP_NAME)
        self.nav = QListWidget()
        self.nav.setAccessibleName("Navigation")
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setSpacing(2)
        for title, icon in PAGE_SPECS:
            QListWidgetItem(self.style().standardIcon(icon), title, self.nav)
        width = max(self.nav.sizeHintForColumn(0), 120) + 28
        self.nav.setFixedWidth(width)
        self.stack = QStackedWidget()
        self.opening_label = QLabel("Opening the store…")
        self.opening_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.opening_label)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(6, 6, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

    def show_opening(self, where: str) -> None:
        self.opening_label.setText(f"Opening the store in {where}…")

    def _build_pages(self) -> None:
        self.setWindowTitle(f"{APP_NAME} — {self.info.title}")
        self.stack.removeWidget(self.opening_label)
        self.opening_label.deleteLater()
        for page_class in page_classes():
            page = page_class(self.ctx)
            self.pages.append(page)
            self.stack.addWidget(page)

    def _build_status_bar(self) -> None:
        info = self.info
        where = "State" if info.role == "state" else f"Region {info.region} ({info.region_name})"
        location = str(self.ctx.store.sqlite_path or info.database)
        self.role_label = QLabel(where)
        self.role_label.setToolTip("This instance's role")
        self.operator_label = QLabel()
        self.changes_label = QLabel()
        self.changes_label.setToolTip(
            "Records changed here since the last sync bundle was exported (Sync page)")
        self.database_label = QLabel(f"Database: {location}")
        self.database_label.setToolTip(location)
        # A long path must not widen the window: let it be cut off, the tooltip has it all.
        self.database_label.setSizePolicy(QSizePolicy.Policy.Ignored,
                                          QSizePolicy.Policy.Preferred)
        self.database_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)
        bar = self.statusBar()
        for label in (self.role_label, self.operator_label, self.changes_label):
            label.setContentsMargins(6, 0, 12, 0)
            bar.addWidget(label)
        bar.addWidget(self.database_label, 1)

    def _action(self, text: str, keys: str | QKeySequence.StandardKey | None,
                tip: str, icon: SP | None = None) -> QAction:
        action = QAction(text, self)
        if keys is not None:
            action.setShortcut(QKeySequence(keys))
        action.setToolTip(tip)
        action.setStatusTip(tip)
        if icon is not None:
            action.setIcon(self.style().standardIcon(icon))
        self.addAction(action)  # shortcuts work even with the menu bar hidden
        return action

    def _build_actions(self) -> None:
        self.print_action = self._action(
            "&Print confirmation sheet…", "Ctrl+P",
            "Save the needs confirmation sheet of the member shown on the Members page",
            SP.SP_FileDialogStart)
        self.needs_files_action = self._action(
            "Needs &spreadsheets (template, import)…", None,
            "Write a needs template or import a filled-in one: on the Needs page")
        self.sync_action = self._action(
            "&Sync bundles (export, import)…", None,
            "Exchange changes with the state or a region: on the Sync page")
        self.quit_action = self._action("&Quit", "Ctrl+Q", "Close the program")
        self.refresh_action = self._action("&Refresh", "F5", "Read the data again",
                                           SP.SP_BrowserReload)
        self.filter_action = self._action("&Filter the table", "Ctrl+F",
                                          "Put the cursor in the page's filter box")
        self.shortcuts_action = self._action("&Keyboard shortcuts", "F1",
                                             "Every keyboard shortcut of the program")
        for number, page in enumerate(self.pages, start=1):
            # Ctrl+1 … Ctrl+9, then Ctrl+0 for the tenth page; later pages have no key.
            keys = f"Ctrl+{number % 10}" if number <= 10 else None
            action = self._action(page.title, keys, f"Go to {page.title}")
            action.triggered.connect(lambda _checked=False, i=number - 1: self.show_page(i))
            self.page_actions.append(action)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        file_menu.addAction(self.print_action)
        file_menu.addSeparator()
        file_menu.addAction(self.needs_files_action)
        file_menu.addAction(self.sync_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        view_menu = self.menuBar().addMenu("&View")
        for action in self.page_actions:
            view_menu.addAction(action)
        view_menu.addSeparator()
        view_menu.addAction(self.filter_action)
        view_menu.addAction(self.refresh_action)

        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(self.shortcuts_action)
        help_menu.addAction(f"&About {APP_NAME}", lambda: show_about(self, self.info.title))

    def _build_toolbar(self) -> None:
        self.toolbar = QToolBar("Main toolbar")
        self.toolbar.setObjectName("main_toolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setIconSize(QSize(18, 18))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for index in (1, 2, 0):  # Members, Needs, Dashboard: where the meeting happens
            action = self.page_actions[index]
            action.setIcon(self.style().standardIcon(PAGE_SPECS[index][1]))
            self.toolbar.addAction(action)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.print_action)
        self.toolbar.addAction(self.refresh_action)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)

    def _connect_signals(self) -> None:
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.print_action.triggered.connect(self.print_confirmation)
        self.needs_files_action.triggered.connect(lambda: self.show_page(PAGE_INDEX["Needs"]))
        self.sync_action.triggered.connect(lambda: self.show_page(PAGE_INDEX["Sync"]))
        self.quit_action.triggered.connect(self.close)
        self.refresh_action.triggered.connect(lambda: self.ctx.notify("*"))
        self.filter_action.triggered.connect(lambda: self.current_page().focus_filter())
        self.shortcuts_action.triggered.connect(self._show_shortcuts)
        self.ctx.events.data_changed.connect(self._on_data_changed)

    # --- behaviour ----------------------------------------------------------------------
    def show_page(self, index: int) -> None:
        self.nav.setCurrentRow(index)

    def show_page_of(self, page_class: type[Page]) -> Page:
        index = next(i for i, p in enumerate(self.pages) if isinstance(p, page_class))
        self.show_page(index)
        return self.pages[index]

    def current_page(self) -> Page:
        page = self.stack.currentWidget()
        assert isinstance(page, Page)
        return page

    def print_confirmation(self) -> None:
        members = self.pages[PAGE_INDEX["Members"]]
        self.show_page(PAGE_INDEX["Members"])
        if not members.print_confirmation():  # type: ignore[attr-defined]
            self.statusBar().showMessage(
                "Choose a member in the list first, then print its confirmation sheet.", 8000)
            members.focus_filter()

    def refresh_status(self) -> None:
        from app.services.changes import unexported_changes

        info = self.ctx.info()
        self.operator_label.setText(f"Operator: {info.operator}")
        with self.ctx.store.session() as session:
            pending = unexported_changes(session)
        self.pending_changes = pending
        self.changes_label.setText(
            "All changes exported" if pending == 0 else
            f"{pending:,} change{'s' if pending != 1 else ''} not yet exported")

    def _on_data_changed(self, _what: str) -> None:
        self.refresh_status()

    def shortcuts(self) -> list[Shortcut]:
        """Every shortcut, read from the actions themselves (so the help cannot drift)."""
        return collect_shortcuts(self, self.pages)

    def _show_shortcuts(self) -> None:
        show_shortcuts(self, self.shortcuts())

    def _restore_geometry(self) -> None:
        geometry = self.settings.value(GEOMETRY_KEY)
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(self._default_size())

    def _restore_state(self) -> None:
        state = self.settings.value(STATE_KEY)
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
        page = self.settings.value(PAGE_KEY, 0)
        try:
            index = int(page)  # type: ignore[call-overload]
        except (TypeError, ValueError):
            index = 0
        self.show_page(index if 0 <= index < len(self.pages) else 0)

    def reset_layout(self) -> None:
        """Settings → Reset window layout: default size, default splits."""
        self.resize(self._default_size())
        members = self.pages[PAGE_INDEX["Members"]]
        members.splitter.setSizes([480, 620])  # type: ignore[attr-defined]

    def _default_size(self) -> QSize:
        """1280×800, or less on a screen that cannot hold it."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return DEFAULT_SIZE
        return DEFAULT_SIZE.boundedTo(screen.availableSize())

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        if self.pages:  # not while still opening: the saved layout is of the full window
            self.settings.setValue(STATE_KEY, self.saveState())
            self.settings.setValue(PAGE_KEY, self.nav.currentRow())
        self.settings.sync()
        super().closeEvent(event)
