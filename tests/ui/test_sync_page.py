"""The Sync page, driven through its widgets: import with a preview, export, keys, conflicts.
Also renders the page and its dialogs (set SYNC_SCREENSHOTS=DIR to keep the PNGs)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from app.models import CatalogItem
from app.models.db import Store
from app.models.migrate import upgrade
from app.services.catalog import edit_item
from app.services.demo import fill_demo
from app.services.instance import init_instance
from app.sync.export import export_bundle
from app.sync.keys import own_key, trust_key
from app.ui.dialogs.conflict_dialog import ConflictDialog
from app.ui.pages.sync import FOLDER_KEY, SyncPage

SIZE = (1280, 800)


@pytest.fixture
def state(tmp_path: Path) -> Iterator[Store]:
    store = Store.for_data_dir(tmp_path / "state")
    upgrade(store)
    init_instance(store, "state", None, "Sam State")
    yield store
    store.dispose()


@pytest.fixture
def region(sqlite_region4: Store, state: Store) -> Store:
    for one, other in ((sqlite_region4, state), (state, sqlite_region4)):
        with one.transaction() as session:
            trust_key(session, own_key(other.require_identity()))
    return sqlite_region4


@pytest.fixture
def page(qtbot, region: Store, make_context) -> SyncPage:  # noqa: ANN001
    widget = SyncPage(make_context(region))
    qtbot.addWidget(widget)
    widget.resize(*SIZE)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def state_bundle(state: Store, folder: Path, price: str = "289.00") -> Path:
    with state.transaction() as session:
        edit_item(session, "CB-STU-116", {"reference_price": price})
    return export_bundle(state, folder / f"state-{price}.zip", to="region:4").path


def import_through_dialog(qtbot, page: SyncPage, path: Path, monkeypatch,  # noqa: ANN001
                          apply: bool = True):  # noqa: ANN201
    monkeypatch.setattr(page, "ask_open_path", lambda *_a: str(path))
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    dialog = page.preview_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.preview is not None or bool(dialog.error), timeout=10000)
    if apply and dialog.preview is not None:
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.applied is not None, timeout=10000)
    return dialog


def test_import_shows_a_preview_then_applies(qtbot, page: SyncPage, state: Store,  # noqa
                                             tmp_path: Path, monkeypatch) -> None:
    fingerprint = own_key(page.ctx.store.require_identity()).fingerprint
    assert fingerprint in page.intro.text()
    assert "not yet exported" in page.status.text()
    path = state_bundle(state, tmp_path)
    dialog = import_through_dialog(qtbot, page, path, monkeypatch, apply=False)
    assert "signed with trusted key" in dialog.summary.text()
    rows = {r.entity: r for r in dialog.counts.model._rows}
    # The state changed one price; the other 59 items say what both loaded at init.
    assert (rows["Catalog items"].updated, rows["Catalog items"].unchanged) == (1, 59)
    assert dialog.apply_button.isEnabled()
    with page.ctx.store.session() as session:  # nothing written by the preview
        price = session.scalar(select(CatalogItem.reference_price).where(
            CatalogItem.code == "CB-STU-116"))
        assert str(price) != "289.00"
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.applied is not None, timeout=10000)
    qtbot.waitUntil(lambda: "Imported the bundle from the state" in page.message.text())
    page.refresh()
    assert page.history.model.rowCount() == 1
    assert page.ctx.settings.value(FOLDER_KEY) == str(tmp_path)
    # The same file again: the preview says so and Apply stays off.
    again = import_through_dialog(qtbot, page, path, monkeypatch, apply=False)
    assert "already imported" in again.note.text()
    assert not again.apply_button.isEnabled()
    again.reject()


def test_a_broken_bundle_is_refused_in_the_preview(qtbot, page: SyncPage, state: Store,  # noqa
                                                   tmp_path: Path, monkeypatch) -> None:
    path = state_bundle(state, tmp_path)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    broken = tmp_path / "broken.zip"
    broken.write_bytes(bytes(data))
    dialog = import_through_dialog(qtbot, page, broken, monkeypatch)
    assert "This bundle is refused" in dialog.summary.text()
    assert not dialog.apply_button.isEnabled()
    dialog.reject()


def test_export_writes_a_bundle_for_the_state(qtbot, page: SyncPage, tmp_path: Path,  # noqa
                                              monkeypatch) -> None:
    target = tmp_path / "out" / "r4.zip"
    target.parent.mkdir()
    monkeypatch.setattr(page, "ask_save_path", lambda *_a: str(target))
    assert page.receiver.currentText() == "The state"
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Wrote " in page.message.text(), timeout=10000)
    assert "Wrote an incremental bundle" in page.message.text()  # not "a incremental"
    assert target.exists()
    page.refresh()
    assert "<b>0</b> change(s)" in page.status.text()
    assert page.ctx.settings.value(FOLDER_KEY) == str(target.parent)


def test_keys_tab_trusts_a_key_file(qtbot, page: SyncPage, tmp_path: Path,  # noqa
                                    monkeypatch) -> None:
    other = Store.for_data_dir(tmp_path / "state2")
    upgrade(other)
    init_instance(other, "state", None, "New State Desk")
    from app.sync.keys import export_key

    key_file = tmp_path / "state2.key"
    info = export_key(other.require_identity(), key_file)
    other.dispose()
    monkeypatch.setattr(page, "ask_open_path", lambda *_a: str(key_file))
    asked = []
    monkeypatch.setattr(page, "confirm_fingerprint",
                        lambda label, fp: asked.append(fp) or True)
    qtbot.mouseClick(page.add_key_button, Qt.MouseButton.LeftButton)
    assert asked == [info.fingerprint]
    assert f"Trusted {info.label}" in page.message.text()
    page.refresh()
    assert info.fingerprint in {r.fingerprint for r in page.keys.model._rows}


def shots(tmp_path: Path) -> Path:
    out = Path(os.environ.get("SYNC_SCREENSHOTS") or tmp_path / "shots")
    out.mkdir(parents=True, exist_ok=True)
    return out


def open_conflict(qtbot, page: SyncPage, kind: str, theirs: str,  # noqa: ANN001
                  mine: str) -> ConflictDialog:
    """The page's one open conflict, of `kind`, in its dialog with these button texts."""
    page.refresh()
    page.tabs.setCurrentIndex(2)
    [row] = page.conflicts.visible_rows()
    assert row.kind == kind
    dialog = page.resolve_clicked()
    assert isinstance(dialog, ConflictDialog)
    assert (dialog.theirs_button.text(), dialog.mine_button.text()) == (theirs, mine)
    qtbot.wait(50)
    return dialog


def make_conflict(region: Store, state: Store, folder: Path) -> None:
    """The region edits a state-owned catalog item by hand; the state changes it too."""
    import_bundle_path = state_bundle(state, folder, "289.00")
    from app.sync.service import import_bundle

    import_bundle(region, import_bundle_path)
    with region.transaction() as session:
        item = session.scalars(select(CatalogItem).where(
            CatalogItem.code == "CB-STU-116")).one()
        item.name = "Chromebook 11.6 (local name)"
    import_bundle(region, state_bundle(state, folder, "295.00"))


def test_conflict_resolved_field_by_field(qtbot, page: SyncPage, region: Store,  # noqa
                                          state: Store, tmp_path: Path) -> None:
    make_conflict(region, state, tmp_path)
    page.refresh()
    assert page.conflicts.model.rowCount() == 1
    assert page.tabs.tabText(2) == "Conflicts (1)"
    dialog = page.resolve_clicked()
    assert isinstance(dialog, ConflictDialog)
    assert set(dialog.choices) == {"name", "reference_price"}
    dialog.choose("reference_price", "theirs")
    qtbot.mouseClick(dialog.fields_button, Qt.MouseButton.LeftButton)
    assert dialog.resolution == "fields"
    with region.session() as session:
        item = session.scalars(select(CatalogItem).where(
            CatalogItem.code == "CB-STU-116")).one()
        assert (item.name, str(item.reference_price)) == ("Chromebook 11.6 (local name)",
                                                          "295.00")
    page.refresh()
    assert page.conflicts.model.rowCount() == 0


def test_render_screenshots(qtbot, page: SyncPage, region: Store, state: Store,  # noqa
                            tmp_path: Path, monkeypatch) -> None:
    out = Path(os.environ.get("SYNC_SCREENSHOTS") or tmp_path / "shots")
    out.mkdir(parents=True, exist_ok=True)
    fill_demo(region)
    export_bundle(region, tmp_path / "r4-first.zip")
    make_conflict(region, state, tmp_path)
    page.refresh()
    page.tabs.setCurrentIndex(0)
    qtbot.wait(50)
    assert page.grab().save(str(out / "sync.png"))
    page.tabs.setCurrentIndex(1)
    assert page.grab().save(str(out / "sync_keys.png"))
    page.tabs.setCurrentIndex(2)
    assert page.grab().save(str(out / "sync_conflicts.png"))
    dialog = page.resolve_clicked()
    assert dialog is not None
    qtbot.wait(50)
    assert dialog.grab().save(str(out / "sync_conflict_dialog.png"))
    dialog.reject()
    path = state_bundle(state, tmp_path, "301.00")
    preview = import_through_dialog(qtbot, page, path, monkeypatch, apply=False)
    qtbot.wait(50)
    assert preview.grab().save(str(out / "sync_preview.png"))
    preview.reject()


def test_the_states_edit_of_a_regions_need_is_accepted_in_the_dialog(  # noqa: ANN001
        qtbot, page: SyncPage, region: Store, state: Store, tmp_path: Path) -> None:
    from app.models import Need
    from app.services.needs import create_need, edit_need
    from app.sync.service import import_bundle

    with region.transaction() as session:
        uid = create_need(session, {"member": "630", "item": "CB-STU-116",
                                    "quantity": "40"}).uid  # Moore County Schools
    import_bundle(state, export_bundle(region, tmp_path / "r4.zip").path)
    with state.transaction() as session:
        edit_need(session, uid, {"quantity": "44", "notes": "state: one cart per grade"})
    import_bundle(region, export_bundle(state, tmp_path / "s.zip", to="region:4").path)
    dialog = open_conflict(qtbot, page, "edit of a record owned here",
                           "&Accept the state's edit", "&Decline: keep mine")
    assert dialog.grab().save(str(shots(tmp_path) / "sync_edit_by_state_dialog.png"))
    qtbot.mouseClick(dialog.theirs_button, Qt.MouseButton.LeftButton)
    with region.session() as session:
        need = session.scalars(select(Need).where(Need.uid == uid)).one()
        assert (str(need.quantity), need.notes, need.version) == (
            "44.000", "state: one cart per grade", 2)
    page.refresh()
    assert page.conflicts.model.rowCount() == 0


def test_a_lost_kept_copy_is_written_again_from_the_dialog(  # noqa: ANN001
        qtbot, page: SyncPage, state: Store, tmp_path: Path, monkeypatch) -> None:
    """An import killed between its commit and the rename of its copy: the preview says the
    copy is missing (not just "already imported"), and Apply writes it."""
    path = state_bundle(state, tmp_path)
    first = import_through_dialog(qtbot, page, path, monkeypatch)
    assert page.ctx.store.data_dir is not None
    kept = page.ctx.store.data_dir / "bundles" / "in" / f"{first.applied.bundle_uid}.zip"
    kept.unlink()
    again = import_through_dialog(qtbot, page, path, monkeypatch, apply=False)
    assert "already imported" in again.note.text()
    assert "kept copy is missing" in again.note.text()
    assert again.apply_button.isEnabled()
    assert again.grab().save(str(shots(tmp_path) / "sync_copy_missing.png"))
    qtbot.mouseClick(again.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: again.applied is not None, timeout=10000)
    qtbot.waitUntil(lambda: "was already imported; no data changed" in page.message.text())
    assert "written again" in page.message.text()
    assert kept.read_bytes() == path.read_bytes()


def test_a_declined_edit_at_the_state_offers_the_owners_answer_or_a_new_correction(  # noqa
        qtbot, region: Store, state: Store, tmp_path: Path, make_context) -> None:
    from app.models import Need
    from app.services.needs import create_need, edit_need
    from app.sync.conflicts import list_conflicts, resolve_conflict
    from app.sync.service import import_bundle

    with region.transaction() as session:
        uid = create_need(session, {"member": "630", "item": "CB-STU-116",
                                    "quantity": "40"}).uid
    import_bundle(state, export_bundle(region, tmp_path / "r4.zip").path)
    with state.transaction() as session:
        edit_need(session, uid, {"quantity": "44", "notes": "state: one cart per grade"})
    import_bundle(region, export_bundle(state, tmp_path / "s.zip", to="region:4").path)
    with region.transaction() as session:
        [conflict] = list_conflicts(session)
        resolve_conflict(session, conflict.id, "mine")  # the owner declines
    import_bundle(state, export_bundle(region, tmp_path / "r4-answer.zip").path)

    state_page = SyncPage(make_context(state))
    qtbot.addWidget(state_page)
    state_page.resize(*SIZE)
    state_page.show()
    qtbot.waitExposed(state_page)
    dialog = open_conflict(qtbot, state_page, "declined by Region 4",
                           "&Accept Region 4's answer", "Keep &mine: correct again")
    out = shots(tmp_path)
    assert dialog.grab().save(str(out / "sync_declined_dialog.png"))
    assert state_page.grab().save(str(out / "sync_declined_conflicts.png"))
    qtbot.mouseClick(dialog.mine_button, Qt.MouseButton.LeftButton)
    with state.session() as session:
        need = session.scalars(select(Need).where(Need.uid == uid)).one()
        assert (str(need.quantity), need.version) == ("44.000", 3)  # above the owner's 2
    again = import_bundle(region, export_bundle(state, tmp_path / "s2.zip", to="region:4").path)
    assert again.counts["needs"]["conflicts"] == 1  # put to the owner once more


def test_a_bad_key_file_is_said_but_a_bug_is_not_disguised_as_one(
        page: SyncPage, tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    bad = tmp_path / "bad.key"
    bad.write_text("not json", encoding="utf-8")
    monkeypatch.setattr(page, "ask_open_path", lambda *_a: str(bad))
    page.trust_clicked()
    assert page.message.text().startswith("Not trusted: ") and "not JSON" in page.message.text()

    def broken(_path: Path) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr("app.ui.pages.sync.read_key_file", broken)
    with pytest.raises(ZeroDivisionError):  # reaches the crash dialog, not "Not trusted"
        page.trust_clicked()
