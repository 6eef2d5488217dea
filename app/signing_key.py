"""This instance's private signing key: a file in the data folder that only its owner can
read (0600), one per instance uid — never a database column.

Why a file: in a state office several desks share one PostgreSQL database, and every user of
that database could read a key kept in a table, and so sign bundles as the state. The key
file lives on the desk that exports bundles; the public key stays in the database
(`instance_identity.public_key`), where every desk can show its fingerprint.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from app import paths
from app.errors import UserError

OWNER_ONLY = 0o600


class SigningKeyMissing(UserError):
    """The key file is not where this data folder keeps it."""


def key_path(data_dir: Path, instance_uid: str) -> Path:
    """`keys/<instance uid>.pem` in the data folder (the uid is checked: it names a file)."""
    try:
        checked = str(uuid.UUID(instance_uid))
    except ValueError:
        raise UserError(f"'{instance_uid}' is not an instance id") from None
    return paths.keys_dir(data_dir) / f"{checked}.pem"


def write_key(data_dir: Path, instance_uid: str, private_pem: str) -> Path:
    """Write the key readable and writable by its owner only, replacing any earlier file."""
    target = key_path(data_dir, instance_uid)
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    temp = target.with_suffix(".tmp")
    temp.unlink(missing_ok=True)
    # Created with 0600 from the start, so the key is never readable by others, even briefly.
    handle = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_ONLY)
    try:
        with os.fdopen(handle, "w", encoding="ascii") as out:
            out.write(private_pem)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)
    return target


def read_key(data_dir: Path | None, instance_uid: str) -> str:
    """The private key (PEM), or one line saying where it should be and how to get it."""
    if data_dir is None:
        raise SigningKeyMissing("signing key not found: this store has no data folder to "
                                "keep it in; open it with --data-dir DIR")
    path = key_path(data_dir, instance_uid)
    try:
        text = path.read_text(encoding="ascii")
    except FileNotFoundError:
        raise SigningKeyMissing(
            f"signing key not found at {path}; copy it from the computer that exports this "
            f"instance's bundles (keys/{path.name} in its data folder) into {path.parent}, or "
            "make a new key pair with `consortium keys renew` and send the new key file to "
            "the other side") from None
    except (OSError, UnicodeError) as error:
        raise UserError(f"signing key at {path} cannot be read "
                        f"({getattr(error, 'strerror', None) or error})") from None
    if os.name == "posix" and path.stat().st_mode & 0o077:
        path.chmod(OWNER_ONLY)  # copied in with the default mode: close it again
    return text
