"""Starting the desktop app: open the store, first-run set-up, main window, error handling."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from app import APP_NAME, paths
from app.errors import UserError, disk_problem
from app.ui.context import AppContext, AppEvents
from app.ui.crash import make_excepthook, show_crash, write_crash_log
from app.ui.main_window import MainWindow

# The database layer, the services and the pages are imported after the window is on
# screen (SQLAlchemy alone takes several times as long to import as Qt).

SETTINGS_NAME = "ConsortiumBuying"
TRACE_ENV = "CONSORTIUM_TRACE_STARTUP"
# Imported only when a feature needs them, so start-up stays quick; the self-test checks it.
HEAVY_MODULES = ("pandas", "reportlab", "openpyxl", "numpy")
SELF_TEST_OPERATOR = "self-test"


def _application() -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setOrganizationName(SETTINGS_NAME)
    app.setApplicationName(SETTINGS_NAME)
    return app


def _no_display() -> bool:
    return (sys.platform.startswith("linux") and not os.environ.get("QT_QPA_PLATFORM")
            and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"))


def run_gui(args: argparse.Namespace) -> int:
    data_dir = Path(args.data_dir).expanduser() if args.data_dir else paths.default_data_dir()
    db_url = getattr(args, "db", None) or os.environ.get(paths.DB_URL_ENV)
    if getattr(args, "self_test", False):
        if _no_display():
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        return self_test(data_dir, db_url)
    if _no_display():
        print("error: no display found (neither DISPLAY nor WAYLAND_DISPLAY is set). "
              "Run the desktop app in a desktop session, or use a command: "
              "consortium --help", file=sys.stderr)
        return 2
    app = _application()
    previous_hook = sys.excepthook
    sys.excepthook = make_excepthook(data_dir)
    try:
        return _run(app, data_dir, db_url)
    finally:
        sys.excepthook = previous_hook


def _run(app: QApplication, data_dir: Path, db_url: str | None) -> int:
    """Show the window's frame at once, then open the store and fill it in."""
    window = MainWindow(settings=QSettings())
    window.show_opening(str(data_dir) if db_url is None else db_url)
    window.show()
    app.processEvents()
    _trace("window shown")
    opened: dict[str, object] = {}
    QTimer.singleShot(0, lambda: _open(app, window, data_dir, db_url, opened))
    try:
        return app.exec()
    finally:
        store = opened.get("store")
        if store is not None:
            store.dispose()  # type: ignore[attr-defined]


def _open(app: QApplication, window: MainWindow, data_dir: Path, db_url: str | None,
          opened: dict[str, object]) -> None:
    from app.services.store import open_store

    try:
        store = open_store(data_dir, db_url)
    except UserError as error:
        QMessageBox.critical(window, APP_NAME, str(error))
        app.exit(2)
        window.close()
        return
    except Exception as error:  # noqa: BLE001 - a full disk is said; a bug, the crash dialog
        problem = disk_problem(error, data_dir)
        if problem:  # a read-only or full data folder: one line, not a crash report
            QMessageBox.critical(window, APP_NAME, problem[0].upper() + problem[1:])
            app.exit(2)
            window.close()
            return
        exc_type, value, tb = sys.exc_info()
        assert exc_type is not None and value is not None
        show_crash(write_crash_log(data_dir, exc_type, value, tb), value)
        app.exit(1)
        window.close()
        return
    opened["store"] = store
    if store.identity() is None:
        # only for a new store: it brings the instance and compliance services (openpyxl)
        from app.ui.dialogs.first_run import FirstRunDialog

        dialog = FirstRunDialog(store, data_dir, window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            app.exit(0)
            window.close()
            return
    window.attach(AppContext(store, data_dir, AppEvents(), window.settings))
    app.processEvents()
    _trace("ready")
    if os.environ.get(TRACE_ENV) == "exit":
        app.quit()


def _trace(step: str) -> None:
    """Start-up milestones on stdout for the start-up benchmark (CONSORTIUM_TRACE_STARTUP)."""
    if os.environ.get(TRACE_ENV):
        print(f"startup: {step}", flush=True)


def _is_new_folder(data_dir: Path, db_url: str | None) -> bool:
    return db_url is None and (not data_dir.exists() or not any(data_dir.iterdir()))


def self_test(data_dir: Path, db_url: str | None) -> int:
    """Open (and migrate) the store, build the main window, visit every page, close.

    An uninitialised store is set up as a state instance only in a new, empty folder, so the
    self-test never writes an identity into somebody's half-made data.
    """
    errors: list[str] = []

    def collect(exc_type: type[BaseException], value: BaseException,
                tb: TracebackType | None) -> None:
        errors.append("".join(traceback.format_exception(exc_type, value, tb)))

    previous_hook = sys.excepthook
    sys.excepthook = collect
    try:
        title = _self_test(_application(), data_dir, db_url, errors)
    except Exception as error:  # noqa: BLE001 - the self-test reports every failure
        problem = disk_problem(error, data_dir)
        if not isinstance(error, UserError) and problem is None:
            traceback.print_exc()
        print(f"self-test FAILED: {problem or f'{type(error).__name__}: {error}'}")
        return 1
    finally:
        sys.excepthook = previous_hook
    print(f"self-test passed: {title}")
    return 0


def _self_test(app: QApplication, data_dir: Path, db_url: str | None,
               errors: list[str]) -> str:
    from app.services.instance import init_instance
    from app.services.store import open_store

    fresh = _is_new_folder(data_dir, db_url)
    store = open_store(data_dir, db_url)
    try:
        if store.identity() is None:
            if not fresh:
                raise UserError(f"the store in {data_dir} is not initialised; the self-test "
                                "only initialises a new, empty data folder")
            init_instance(store, "state", None, SELF_TEST_OPERATOR)
        with tempfile.TemporaryDirectory() as scratch:
            # Throwaway settings: a self-test must not move the user's window around.
            settings = QSettings(str(Path(scratch) / "ui.ini"), QSettings.Format.IniFormat)
            ctx = AppContext(store, data_dir, AppEvents(), settings)
            window = MainWindow(ctx)
            window.show()
            app.processEvents()
            heavy = [name for name in HEAVY_MODULES if name in sys.modules]
            if heavy:
                raise RuntimeError(f"imported at start-up: {', '.join(heavy)}")
            for index, page in enumerate(window.pages):
                window.show_page(index)
                app.processEvents()
                if window.current_page() is not page or not page.isVisible():
                    raise RuntimeError(f"page {page.title} could not be shown")
            ctx.notify("*")
            app.processEvents()
            title = window.windowTitle()
            window.close()
            app.processEvents()
            settings.sync()
            del settings
        if errors:
            raise RuntimeError(f"{len(errors)} error(s) in the window:\n" + "\n".join(errors))
        return title
    finally:
        store.dispose()
