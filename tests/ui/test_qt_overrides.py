"""No project class may redefine a Qt method with a call Qt cannot make.

Qt calls its virtual methods on Python subclasses with the C++ arguments. A method of the same
name with other parameters (the needs model's old `revert(row, column)` against Qt's
`revert()`) raises inside that call, and PySide6 turns it into a segmentation fault a moment
later: Esc in a cell editor ended the app. This walks every class in `app.ui` derived from a
Qt class and checks each attribute it defines that a Qt base also has: it must be a method
that accepts every argument count of every Qt overload of that name (an attribute set on
`self`, or a Signal, hides the method altogether).
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import textwrap
from collections.abc import Iterator
from typing import Any

from PySide6 import QtCore  # noqa: F401  (loads shibokensupport, PySide6's signature data)
from shibokensupport.signature import get_signature  # type: ignore[import-not-found]

import app.ui

# (class, attribute) → why it is allowed to differ from Qt. Keep it empty unless truly needed.
ALLOWED: dict[tuple[str, str], str] = {}


def ui_classes() -> Iterator[type]:
    for info in pkgutil.walk_packages(app.ui.__path__, "app.ui."):
        module = importlib.import_module(info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and qt_bases(cls):
                yield cls


def qt_bases(cls: type) -> list[type]:
    return [base for base in cls.__mro__ if base.__module__.startswith("PySide6.")]


def qt_arities(cls: type, name: str) -> tuple[str, set[int]] | None:
    """The Qt class that defines `name` and every positional argument count its overloads
    accept (C++ default arguments make a range), or None if no Qt base has it."""
    for base in qt_bases(cls):
        if name not in vars(base):
            continue
        signatures = get_signature(vars(base)[name])
        if signatures is None:
            return f"{base.__name__}.{name}", set()
        counts: set[int] = set()
        for signature in signatures if isinstance(signatures, list) else [signatures]:
            params = [p for p in signature.parameters.values() if p.name != "self"]
            required = sum(p.default is inspect.Parameter.empty for p in params)
            counts.update(range(required, len(params) + 1))
        return f"{base.__name__}.{name}", counts
    return None


def accepts(function: Any, count: int) -> bool:
    try:
        inspect.signature(function).bind(None, *[None] * count)
    except TypeError:
        return False
    return True


def instance_attributes(cls: type) -> set[str]:
    """Names the class's methods assign on `self` (an attribute hides a method as well)."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    return {node.attr for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store)
            and isinstance(node.value, ast.Name) and node.value.id == "self"}


def problems() -> list[str]:
    found = []
    for cls in ui_classes():
        for name in sorted(instance_attributes(cls) - set(vars(cls))):
            qt = qt_arities(cls, name)
            if qt is not None and (cls.__name__, name) not in ALLOWED:
                found.append(f"{cls.__module__}.{cls.__qualname__}: self.{name} = … hides "
                             f"{qt[0]}")
        for name, attribute in vars(cls).items():
            if name.startswith("__") or name == "staticMetaObject" \
                    or (cls.__name__, name) in ALLOWED:
                continue
            qt = qt_arities(cls, name)
            if qt is None:
                continue
            where, counts = qt
            label = f"{cls.__module__}.{cls.__qualname__}.{name}"
            if not inspect.isfunction(attribute):
                found.append(f"{label} is a {type(attribute).__name__}, hiding {where}")
                continue
            wrong = sorted(n for n in counts if not accepts(attribute, n))
            if wrong:
                found.append(f"{label}{inspect.signature(attribute)} cannot be called as "
                             f"{where} with {wrong} argument(s)")
    return found


def test_no_project_class_breaks_a_qt_method() -> None:
    assert problems() == []


def test_the_check_catches_the_esc_crash_shape() -> None:
    from PySide6.QtCore import QAbstractTableModel

    class Shadowing(QAbstractTableModel):
        def revert(self, row: int, column: int) -> None: ...

        def rowCount(self, parent: Any = None) -> int:
            return 0

    where, counts = qt_arities(Shadowing, "revert") or ("", set())
    assert where == "QAbstractItemModel.revert" and counts == {0}
    assert not accepts(vars(Shadowing)["revert"], 0)
    assert accepts(vars(Shadowing)["rowCount"], 0) and accepts(vars(Shadowing)["rowCount"], 1)
    assert instance_attributes(Shadowing) == set()
