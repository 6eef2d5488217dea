"""Initialising a store as a regional or state instance, and describing it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app import __version__
from app.errors import FieldError, UserError, ValidationError
from app.models import (
    CatalogItem,
    Contact,
    InstanceIdentity,
    Member,
    Need,
    Region,
    School,
)
from app.models.db import Store
from app.models.migrate import current_revision
from app.services import reference_data
from app.services.compliance import load_covered_list
from app.signing_key import write_key


@dataclass(frozen=True)
class InitResult:
    instance_uid: str
    role: str
    region: int | None
    members_loaded: int
    schools_loaded: int
    catalog_items_loaded: int
    funding_years_loaded: int


@dataclass(frozen=True)
class InstanceInfo:
    instance_uid: str
    role: str
    region: int | None
    region_name: str
    operator: str
    schema_revision: str | None
    database: str
    fingerprint: str
    counts: dict[str, int]

    @property
    def title(self) -> str:
        if self.role == "state":
            return "State coordinator"
        return f"Region {self.region} ({self.region_name}) coordinator"


def make_keypair() -> tuple[str, str]:
    """A fresh Ed25519 pair as (public PEM, private PEM)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    private = Ed25519PrivateKey.generate()
    public_pem = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    private_pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption())
    return public_pem.decode("ascii"), private_pem.decode("ascii")


def key_fingerprint(public_pem: str) -> str:
    """A short, phone-readable fingerprint: 16 hex digits of SHA-256 in four groups."""
    import hashlib

    from cryptography.hazmat.primitives import serialization

    raw = serialization.load_pem_public_key(public_pem.encode("ascii")).public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    digest = hashlib.sha256(raw).hexdigest()[:16].upper()
    return "-".join(digest[i:i + 4] for i in range(0, 16, 4))


def validate_init(role: str, region: int | None, operator: str,
                  grouping: str = "statutory") -> None:
    errors = []
    if grouping not in reference_data.GROUPINGS:
        errors.append(FieldError("grouping", f"'{grouping}' is not 'statutory' or 'dpi'"))
    if role not in ("region", "state"):
        errors.append(FieldError("role", f"'{role}' is not 'region' or 'state'"))
    if role == "region" and (region is None or not 1 <= region <= 8):
        errors.append(FieldError("region", "a region instance needs a region number 1 to 8"))
    if role == "state" and region is not None:
        errors.append(FieldError("region", "the state instance has no region"))
    if not operator.strip():
        errors.append(FieldError("operator", "is required (the coordinator's name)"))
    if errors:
        raise ValidationError(errors, "init")


def init_instance(store: Store, role: str, region: int | None, operator: str,
                  force: bool = False, grouping: str = "statutory") -> InitResult:
    """Store the identity and load reference data, in one transaction.

    A region instance gets its own region's LEAs and charters with their schools; the state
    gets all of them. An already
    initialised store is refused unless `force` is given, which replaces only the identity
    (data already there stays). `grouping` chooses statutory or DPI regions for the LEAs.
    """
    validate_init(role, region, operator, grouping)
    existing = store.identity()
    if existing is not None and not force:
        raise UserError(
            f"This store is already initialised as {existing.owner_scope} "
            f"(instance {existing.uid}). Use --force to replace its identity.")
    if store.data_dir is None:
        raise UserError("A new instance needs a data folder for its signing key: "
                        "give --data-dir DIR.")
    public_pem, private_pem = make_keypair()
    uid = str(uuid.uuid4())
    # The private key goes to the data folder, never the database (app.signing_key).
    write_key(store.data_dir, uid, private_pem)
    with store.transaction(operator=operator.strip()) as session:
        session.execute(delete(InstanceIdentity))
        reference_data.load_regions(session)
        identity = InstanceIdentity(
            uid=uid, role=role, region=region, operator=operator.strip(),
            app_version=__version__, public_key=public_pem)
        session.add(identity)
        session.flush()
        members = reference_data.load_members(session, region if role == "region" else None,
                                              grouping)
        schools = reference_data.load_schools(session)
        items = reference_data.load_catalog(session)
        years = reference_data.load_funding_years(session)
        if role == "state":  # the regions receive it in the state's bundle
            load_covered_list(session)
    return InitResult(identity.uid, role, region, members, schools, items, years)


def _count(session: Session, model: type) -> int:
    return int(session.scalar(select(func.count()).select_from(model)
                              .where(model.deleted.is_(False))) or 0)


def instance_info(store: Store) -> InstanceInfo:
    identity = store.require_identity()
    with store.session() as session:
        region_name = ""
        if identity.region is not None:
            region_name = session.scalar(
                select(Region.name).where(Region.number == identity.region)) or ""
        counts = {
            "members": _count(session, Member),
            "schools": _count(session, School),
            "contacts": _count(session, Contact),
            "catalog_items": _count(session, CatalogItem),
            "needs": _count(session, Need),
        }
    return InstanceInfo(
        instance_uid=identity.uid, role=identity.role, region=identity.region,
        region_name=region_name, operator=identity.operator,
        schema_revision=current_revision(store), database=store.engine.url.render_as_string(
            hide_password=True),
        fingerprint=key_fingerprint(identity.public_key), counts=counts)
