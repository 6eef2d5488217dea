"""Settings: operator and focus year saved through the page; layout remembered."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit

from app.models.db import Store
from app.services.settings import get_settings
from app.ui.main_window import MainWindow
from app.ui.pages.members import SPLITTER_KEY, MembersPage
from app.ui.pages.settings import SettingsPage


def settings_page(window: MainWindow) -> SettingsPage:
    page = window.show_page_of(SettingsPage)
    assert isinstance(page, SettingsPage)
    return page


def test_change_operator_and_focus_year(qtbot, sqlite_region4: Store, make_context) -> None:  # noqa: ANN001
    window = MainWindow(make_context(sqlite_region4))
    qtbot.addWidget(window)
    window.show()
    page = settings_page(window)
    operator = page.form.inputs["operator"]
    year = page.form.inputs["focus_funding_year"]
    assert isinstance(operator, QLineEdit) and isinstance(year, QComboBox)
    assert operator.text() == "B. Coordinator"
    operator.clear()
    qtbot.keyClicks(operator, "Dana Whitfield")
    year.setCurrentIndex(year.findData(2025))
    assert page.save()
    with sqlite_region4.session() as session:
        saved = get_settings(session)
    assert (saved.operator, saved.focus_funding_year) == ("Dana Whitfield", 2025)
    assert window.operator_label.text() == "Operator: Dana Whitfield"
    assert "Saved" in page.message.text()

    year.setCurrentIndex(0)  # back to "the latest"
    assert page.save()
    with sqlite_region4.session() as session:
        assert get_settings(session).focus_funding_year is None


def test_blank_operator_refused_by_the_field(qtbot, sqlite_region4: Store, make_context) -> None:  # noqa: ANN001
    window = MainWindow(make_context(sqlite_region4))
    qtbot.addWidget(window)
    page = settings_page(window)
    page.ensure_fresh()
    page.form.inputs["operator"].clear()  # type: ignore[attr-defined]
    assert not page.save()
    assert "required" in page.form.error_text("operator")
    with sqlite_region4.session() as session:
        assert get_settings(session).operator == "B. Coordinator"


def test_layout_remembered_and_reset(qtbot, sqlite_region4: Store, make_context,  # noqa: ANN001
                                     ui_settings) -> None:  # noqa: ANN001
    ctx = make_context(sqlite_region4)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    members = window.show_page_of(MembersPage)
    assert isinstance(members, MembersPage)
    members.select_member("630")
    members.splitter.setSizes([300, 800])
    members.splitter.splitterMoved.emit(300, 1)
    window.close()
    assert ui_settings.value(SPLITTER_KEY)
    assert ui_settings.value("members/current") == "630"

    again = MainWindow(ctx)
    qtbot.addWidget(again)
    again.show()
    assert again.current_page().title == "Members"
    restored = again.current_page()
    assert isinstance(restored, MembersPage)
    assert restored.detail.member is not None and restored.detail.member.code == "630"
    assert restored.splitter.sizes()[0] < restored.splitter.sizes()[1] / 2

    settings_page(again).reset_layout()
    assert not ui_settings.value(SPLITTER_KEY)
    assert not ui_settings.value("members/current")


def test_state_names_the_consortium_and_a_region_cannot(qtbot, tmp_path, sqlite_region4: Store,  # noqa: ANN001
                                                        make_context) -> None:  # noqa: ANN001
    from app.models.migrate import upgrade
    from app.services.instance import init_instance

    state = Store.for_data_dir(tmp_path / "state")
    upgrade(state)
    init_instance(state, "state", None, "Sam State")
    try:
        window = MainWindow(make_context(state))
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show()
        page = settings_page(window)
        page.ensure_fresh()
        name = page.form.inputs["consortium_name"]
        assert isinstance(name, QLineEdit) and name.isEnabled()
        assert name.text() == "North Carolina K-12 Technology Purchasing Consortium"
        name.clear()
        assert not page.save()
        assert "required" in page.form.error_text("consortium_name")
        qtbot.keyClicks(name, "Carolina Schools Technology Cooperative")
        assert page.save()
        with state.session() as session:
            assert get_settings(session).consortium_name == \
                "Carolina Schools Technology Cooperative"
            assert not get_settings(session).ocid_prefix_set  # the placeholder stays one
        assert "placeholder" in page.consortium_note.text()
        prefix = page.form.inputs["ocid_prefix"]
        assert isinstance(prefix, QLineEdit) and prefix.text() == "ocds-xxxxxx-nc-k12"
        prefix.clear()
        qtbot.keyClicks(prefix, "NC-K12")
        assert not page.save()
        assert "'ocds-'" in page.form.error_text("ocid_prefix")
        prefix.clear()
        qtbot.keyClicks(prefix, "ocds-a1b2c3")
        assert page.save()
        with state.session() as session:
            assert get_settings(session).ocid_prefix == "ocds-a1b2c3"
        qtbot.wait(50)
        assert window.grab().save(str(tmp_path / "settings_state.png"))
        import os
        if os.environ.get("SETTINGS_SCREENSHOT"):
            window.grab().save(os.environ["SETTINGS_SCREENSHOT"])
    finally:
        state.dispose()

    region_window = MainWindow(make_context(sqlite_region4))
    qtbot.addWidget(region_window)
    region_page = settings_page(region_window)
    region_page.ensure_fresh()
    assert not region_page.form.inputs["consortium_name"].isEnabled()
    assert not region_page.form.inputs["ocid_prefix"].isEnabled()
    assert "kept by the state" in region_page.consortium_note.text()
    assert region_page.save()  # the operator and year still save; the name is not sent


def test_holidays_are_listed_and_replaced_from_a_file(qtbot, sqlite_region4: Store,  # noqa: ANN001
                                                      make_context, tmp_path,
                                                      monkeypatch) -> None:
    window = MainWindow(make_context(sqlite_region4))
    qtbot.addWidget(window)
    page = settings_page(window)
    page.ensure_fresh()
    shipped = page.holidays_table.model.rowCount()
    assert shipped > 20 and "shipped with the app" in page.holidays_note.text()
    errors: list[str] = []
    monkeypatch.setattr("app.ui.pages.settings.show_user_error",
                        lambda error, parent: errors.append(str(error)))
    bad = tmp_path / "bad.csv"
    bad.write_text("date,holiday\n2027-13-01,Nope\n", encoding="utf-8")
    assert not page.install_holidays(bad)
    assert "row 2" in errors[0] and page.holidays_table.model.rowCount() == shipped
    good = tmp_path / "holidays.csv"
    good.write_text("date,holiday\n2027-01-01,New Year's Day\n2027-01-18,MLK Day\n",
                    encoding="utf-8")
    assert page.install_holidays(good)
    assert page.holidays_table.model.rowCount() == 2
    assert "your own list" in page.holidays_note.text()
