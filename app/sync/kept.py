"""The copy of each imported bundle kept under <data>/bundles/in, in step with the import.

The copy is written to a temporary file and flushed to disk BEFORE the import commits, and
renamed into place only after: a full disk or a failed write stops the import with nothing
committed; a failed commit leaves no copy; a kill at any point leaves at most a stray
temporary file, removed by the next import of that bundle. The one window left, a kill
between the commit and the rename, gives a logged bundle without its copy: `is_kept` says
so, and re-importing the bundle writes the copy (it does not claim "already imported" over a
missing copy).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from app.errors import UserError
from app.models.db import Store

COPY_MISSING = ("Its kept copy is missing (the import was interrupted after it committed); "
                "importing it again writes the copy and changes no data.")
COPY_RESTORED = ("Its kept copy was missing (the import was interrupted after it committed) "
                 "and has been written again.")


def kept_path(store: Store, bundle_uid: str) -> Path | None:
    """Where the copy of bundle `bundle_uid` is kept; None for a store without a data folder."""
    if store.data_dir is None:
        return None
    folder = store.data_dir / "bundles" / "in"
    target = folder / f"{bundle_uid}.zip"
    # The reader accepted the uid as a UUID; this keeps the copy inside its folder even if
    # that check were ever loosened.
    if target.resolve().parent != folder.resolve():
        raise UserError(f"the bundle uid {bundle_uid[:60]!r} is not a safe file name. "
                        "Nothing was changed.")
    return target


def is_kept(target: Path | None) -> bool:
    return target is None or target.is_file()


def stage(source: Path, target: Path) -> Path:
    """Copy `source` beside `target` under a temporary name and flush it to disk. A failure
    (a full disk) is the user's to fix: it says so, and that nothing was imported."""
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale(target)
    handle, temp = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out, source.open("rb") as data:
            shutil.copyfileobj(data, out, 1 << 20)
            out.flush()
            os.fsync(out.fileno())
    except OSError as error:
        Path(temp).unlink(missing_ok=True)
        raise UserError(f"{source.name}: could not keep a copy of the bundle in "
                        f"{target.parent} ({error.strerror or error}). Nothing was imported; "
                        "free some space and import it again.") from error
    return Path(temp)


def publish(temp: Path, target: Path) -> None:
    """Put a staged copy in place (after the commit) and make the rename durable."""
    os.replace(temp, target)
    _sync_folder(target.parent)


def discard(temp: Path | None) -> None:
    if temp is not None:
        temp.unlink(missing_ok=True)


def _remove_stale(target: Path) -> None:
    """Temporary copies a killed import of this bundle left behind."""
    for stale in target.parent.glob(f".{target.stem}-*.tmp"):
        stale.unlink(missing_ok=True)


def _sync_folder(folder: Path) -> None:
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:  # Windows cannot open a folder; its rename is durable enough
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)
