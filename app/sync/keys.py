"""Signing keys: sign and verify with Ed25519 (`cryptography`), key files, and trust.

A key file is small JSON a coordinator sends by e-mail or on a stick; the receiver compares the
fingerprint by phone before trusting it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import UserError
from app.models import InstanceIdentity
from app.models.db import Store
from app.models.sync import SyncPeer
from app.services.instance import key_fingerprint, make_keypair
from app.services.scope import current_identity
from app.signing_key import key_path, read_key, write_key
from app.sync.format import KEY_FILE_FORMAT, is_uid

MAX_KEY_FILE_BYTES = 16 * 1024


def signing_key(store: Store, identity: InstanceIdentity) -> str:
    """This instance's private key (PEM) from its file in the data folder, checked against
    the public key in the store, so a key file copied from another instance is caught."""
    pem = read_key(store.data_dir, identity.uid)
    path = key_path(store.data_dir, identity.uid) if store.data_dir else identity.uid
    try:
        key = serialization.load_pem_private_key(pem.encode("ascii"), password=None)
    except (ValueError, TypeError, UnicodeError):
        raise UserError(f"signing key at {path} is not a valid key file") from None
    if not isinstance(key, Ed25519PrivateKey) or key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode("ascii") != identity.public_key:
        raise UserError(f"signing key at {path} does not match this instance's public key "
                        f"({key_fingerprint(identity.public_key)}); it belongs to another "
                        "instance or an older key pair")
    return pem


def renew_keys(store: Store) -> KeyInfo:
    """A new key pair for this instance (a lost or leaked private key): the private key
    replaces the file, the public key the one in the store. Every peer must trust the new
    key file again (trusting it replaces the old key, see `trust_key`)."""
    identity = store.require_identity()
    if store.data_dir is None:
        raise UserError("a new key pair needs a data folder to keep the private key: "
                        "give --data-dir DIR")
    public_pem, private_pem = make_keypair()
    with store.transaction() as session:
        current = current_identity(session)
        current.public_key = public_pem
        write_key(store.data_dir, identity.uid, private_pem)
    return own_key(store.require_identity())


def sign(private_pem: str, data: bytes) -> bytes:
    key = serialization.load_pem_private_key(private_pem.encode("ascii"), password=None)
    assert isinstance(key, Ed25519PrivateKey)
    return key.sign(data)


def verify(public_pem: str, signature: bytes, data: bytes | memoryview) -> bool:
    key = serialization.load_pem_public_key(public_pem.encode("ascii"))
    if not isinstance(key, Ed25519PublicKey):
        return False
    try:
        key.verify(signature, data)
    except InvalidSignature:
        return False
    return True


def fingerprint_or_error(public_pem: str, where: str) -> str:
    try:
        return key_fingerprint(public_pem)
    except (ValueError, TypeError, UnicodeError) as error:
        raise UserError(f"{where}: the public key is not a valid PEM key ({error})") from None


@dataclass(frozen=True)
class KeyInfo:
    instance_uid: str
    role: str
    region: int | None
    label: str
    public_key: str
    fingerprint: str

    @property
    def scope(self) -> str:
        return "state" if self.role == "state" else f"region:{self.region}"

    def as_json(self) -> dict[str, Any]:
        return {"instance_uid": self.instance_uid, "role": self.role, "region": self.region,
                "label": self.label, "fingerprint": self.fingerprint}


def describe(role: str, region: int | None) -> str:
    return "State" if role == "state" else f"Region {region}"


def own_key(identity: InstanceIdentity) -> KeyInfo:
    return KeyInfo(identity.uid, identity.role, identity.region,
                   f"{describe(identity.role, identity.region)} ({identity.operator})",
                   identity.public_key, key_fingerprint(identity.public_key))


def key_file_text(identity: InstanceIdentity) -> str:
    info = own_key(identity)
    return json.dumps({"format": KEY_FILE_FORMAT, "version": 1, **info.as_json(),
                       "public_key": info.public_key}, indent=2) + "\n"


def export_key(identity: InstanceIdentity, out: Path) -> KeyInfo:
    out.write_text(key_file_text(identity), encoding="utf-8")
    return own_key(identity)


def read_key_file(path: Path) -> KeyInfo:
    """Parse and check a key file; every problem is a UserError naming the file."""
    try:
        if path.stat().st_size > MAX_KEY_FILE_BYTES:
            raise UserError(f"{path}: too large for a key file")
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise UserError(f"{path}: cannot read the key file ({error.strerror})") from None
    except (ValueError, UnicodeError):
        raise UserError(f"{path}: not a key file (not JSON)") from None
    if not isinstance(data, dict) or data.get("format") != KEY_FILE_FORMAT:
        raise UserError(f"{path}: not a Consortium Buying key file")
    role, region = data.get("role"), data.get("region")
    if role not in ("state", "region") or (role == "region" and region not in range(1, 9)):
        raise UserError(f"{path}: role/region {role!r}/{region!r} is not valid")
    if not is_uid(data.get("instance_uid")) or not isinstance(data.get("public_key"), str):
        raise UserError(f"{path}: instance_uid (a UUID) and public_key are required")
    fingerprint = fingerprint_or_error(data["public_key"], str(path))
    stated = data.get("fingerprint")
    if stated and stated != fingerprint:
        raise UserError(f"{path}: the stated fingerprint {stated} does not match the key "
                        f"({fingerprint}); the file was altered")
    return KeyInfo(data["instance_uid"], role, region if role == "region" else None,
                   str(data.get("label") or describe(role, region))[:120],
                   data["public_key"], fingerprint)


@dataclass(frozen=True)
class TrustResult:
    key: KeyInfo
    replaced: str | None  # the fingerprint of the key this one replaced, if any


def trust_key(session: Session, info: KeyInfo, operator: str = "") -> TrustResult:
    """Trust `info` for bundles from its instance. A new key for a known instance (after
    `init --force`) replaces the old one; the caller shows both fingerprints."""
    identity = current_identity(session)
    if info.instance_uid == identity.uid or info.fingerprint == key_fingerprint(
            identity.public_key):
        raise UserError("That is this instance's own key; trust the other side's key file.")
    if identity.role == "region" and info.role != "state":
        raise UserError(f"A region exchanges bundles with the state only; this key is "
                        f"{describe(info.role, info.region)}'s ({info.fingerprint}).")
    if identity.role == "state" and info.role == "state":
        raise UserError(f"The state exchanges bundles with the regions; this key is another "
                        f"state instance's ({info.fingerprint}).")
    other = session.scalars(select(SyncPeer).where(
        SyncPeer.fingerprint == info.fingerprint)).first()
    if other is not None and other.instance_uid != info.instance_uid:
        raise UserError(f"Key {info.fingerprint} is already trusted for instance "
                        f"{other.instance_uid}.")
    peer = session.scalars(select(SyncPeer).where(
        SyncPeer.instance_uid == info.instance_uid)).first()
    replaced = None
    if peer is None:
        peer = SyncPeer(instance_uid=info.instance_uid, received_seq=0)
        session.add(peer)
    elif peer.fingerprint != info.fingerprint:
        replaced = peer.fingerprint
    peer.role, peer.region, peer.label = info.role, info.region, info.label
    peer.public_key, peer.fingerprint = info.public_key, info.fingerprint
    peer.trusted_by = operator or identity.operator
    session.flush()
    return TrustResult(info, replaced)


@dataclass(frozen=True)
class KeyRow:
    fingerprint: str
    who: str
    instance_uid: str
    label: str
    own: bool
    received_seq: int

    def as_json(self) -> dict[str, Any]:
        return {"fingerprint": self.fingerprint, "who": self.who,
                "instance_uid": self.instance_uid, "label": self.label, "own": self.own,
                "received_seq": self.received_seq}


def list_keys(session: Session) -> list[KeyRow]:
    """This instance's own key first, then the trusted peers by region."""
    identity = current_identity(session)
    own = own_key(identity)
    rows = [KeyRow(own.fingerprint, describe(own.role, own.region) + " (this instance)",
                   own.instance_uid, own.label, True, 0)]
    peers = session.scalars(select(SyncPeer)).all()
    for peer in sorted(peers, key=lambda p: (p.role != "state", p.region or 0, p.label)):
        rows.append(KeyRow(peer.fingerprint, describe(peer.role, peer.region),
                           peer.instance_uid, peer.label, False, peer.received_seq))
    return rows


def trusted_keys(session: Session) -> dict[str, SyncPeer]:
    """Trusted peers by fingerprint, for verifying a bundle's signature."""
    return {p.fingerprint: p for p in session.scalars(select(SyncPeer))}


def peer_key(peer: SyncPeer) -> KeyInfo:
    """The record a peer's key was trusted with: who a bundle signed by it comes from."""
    return KeyInfo(peer.instance_uid, peer.role, peer.region, peer.label, peer.public_key,
                   peer.fingerprint)


def trusted_senders(session: Session) -> dict[str, KeyInfo]:
    """Trusted keys by fingerprint, with the instance, role and region each speaks for."""
    return {fp: peer_key(peer) for fp, peer in trusted_keys(session).items()}
