"""The background runner: results and errors come back on the GUI thread; Cancel stops work."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication

from app.errors import UserError
from app.services.progress import Cancelled, CancelToken
from app.ui.tasks import TaskRunner


def test_result_and_progress_arrive_on_gui_thread(qtbot) -> None:  # noqa: ANN001
    runner = TaskRunner()
    seen: dict = {"progress": []}
    worker_threads = []

    def work(progress, token: CancelToken) -> int:  # noqa: ANN001
        worker_threads.append(threading.get_ident())
        for step in range(3):
            progress(step + 1, 3, f"step {step + 1}")
        return 42

    def done(result: int) -> None:
        seen["result"] = result
        seen["thread"] = QThread.currentThread()

    runner.run(work, done, lambda e: seen.setdefault("error", e),
               lambda d, t, m: seen["progress"].append((d, t, m)))
    qtbot.waitUntil(lambda: "result" in seen, timeout=5000)
    assert seen["result"] == 42
    assert seen["thread"] is QApplication.instance().thread()
    assert seen["progress"][-1] == (3, 3, "step 3")
    assert worker_threads and worker_threads[0] != threading.get_ident()


def test_errors_and_cancel_are_reported(qtbot) -> None:  # noqa: ANN001
    runner = TaskRunner()
    errors: list[BaseException] = []

    def failing(progress, token) -> None:  # noqa: ANN001
        raise UserError("file.xlsx, row 3, field 'quantity': is required")

    runner.run(failing, lambda r: None, errors.append)
    qtbot.waitUntil(lambda: len(errors) == 1, timeout=5000)
    assert "row 3" in str(errors[0])

    def slow(progress, token: CancelToken) -> None:  # noqa: ANN001
        for _ in range(500):
            token.check()
            time.sleep(0.01)

    token = runner.run(slow, lambda r: None, errors.append)
    token.cancel()
    qtbot.waitUntil(lambda: len(errors) == 2, timeout=5000)
    assert isinstance(errors[1], Cancelled)
    assert runner.wait(5000)
