"""Issue #11: a key speaks only for its own instance. Every bundle here is signed by a
GENUINELY trusted key — Region 3's, which the state trusts — with a manifest or records a
hostile region made up. Each is refused, for the whole bundle or per record, and the state's
data is exactly as it was (a hash of every row of every table; for a bundle refused per
record, of every table but the bundle log and the sender's watermarks), with no file written
outside its data folder.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from bundle_tools import Members, dump, edit_lines, rebuild
from sqlalchemy import select
from sync_helpers import Factory, exchange_keys, store_fingerprint

from app.errors import UserError
from app.models import (
    ComplianceEntry,
    ComplianceList,
    Member,
    Need,
    Procurement,
    SamCheck,
    Vendor,
)
from app.models.allocation import Allocation, PiggybackJoin
from app.models.award import Award, Contract, ContractPrice
from app.models.db import Store
from app.models.packet import Addendum
from app.models.portable import portable_fields
from app.models.procurement import Lot, LotItem
from app.models.sync import BundleLog
from app.services.changes import acked_seq, exported_seq
from app.services.letters import add_letter
from app.services.needs import create_need, set_status
from app.services.packet_settings import set_criteria, set_section_text
from app.services.procurements import add_price_tier, create_procurement
from app.services.schools import add_contact, add_school
from app.services.settings import update_settings
from app.sync.conflicts import list_conflicts
from app.sync.export import export_bundle
from app.sync.format import ASSIGNMENTS, RECORDS_DIR, REFS, entity_specs
from app.sync.keys import key_file_text, read_key_file, signing_key
from app.sync.ownership import ACTIONS, OWNERSHIP, REGION, passes_whole_table, refusal
from app.sync.service import import_bundle

R3_MEMBER, R4_MEMBER, ITEM = "920", "090", "CB-STU-116"
NEEDS = "records/needs.jsonl"
# Bookkeeping a bundle refused per record still moves: its log line, the sender's watermark.
BOOKKEEPING = ("bundle_log", "sync_peers", "counters")


@dataclass
class World:
    state: Store
    r3: Store
    r4: Store
    r3_bundle: Path  # a genuine, not yet imported bundle from Region 3
    r4_bundle: Path  # a genuine bundle from Region 4 (already imported)
    tmp: Path

    def signed_by_region3(self, name: str, change: Callable[[Members, dict], None],
                          base: Path | None = None) -> Path:
        """`base` (Region 3's bundle by default) changed, with a fresh bundle uid, and
        signed and sealed again with Region 3's own, trusted key."""
        identity = self.r3.require_identity()

        def fresh(members: Members, manifest: dict) -> None:
            manifest["bundle_uid"] = str(uuid.uuid4())
            change(members, manifest)

        return rebuild(base or self.r3_bundle, self.tmp / name, fresh,
                       signing_key(self.r3, identity), public_pem=identity.public_key)


@pytest.fixture
def world(make_store: Factory, state_store: Store, tmp_path: Path) -> World:
    r3, r4 = make_store("region", 3), make_store("region", 4)
    for region in (r3, r4):
        exchange_keys(region, state_store)
    with r4.transaction() as session:
        for quantity in ("10", "20"):
            create_need(session, {"member": R4_MEMBER, "item": ITEM, "quantity": quantity})
        add_school(session, R4_MEMBER, {"code": "090304", "name": "Bladen Elementary",
                                        "students": "300"})
        add_contact(session, R4_MEMBER, {"name": "Kim Ray"})
        add_letter(session, R4_MEMBER, {"first_funding_year": "2026",
                                        "last_funding_year": "2026"})
    r4_bundle = export_bundle(r4, tmp_path / "r4.zip").path
    import_bundle(state_store, r4_bundle)
    with r3.transaction() as session:
        need = create_need(session, {"member": R3_MEMBER, "item": ITEM, "quantity": "30"})
        set_status(session, need.uid, "confirmed", by="Ann")
    import_bundle(state_store, export_bundle(r3, tmp_path / "r3-first.zip").path)
    # The state's own records, one or more of every kind it keeps.
    with state_store.transaction() as session:
        procurement = create_procurement(session, title="Chromebooks",
                                         funding_year=need.funding_year)
        set_criteria(session, procurement.ref, [
            {"name": "Price of eligible goods and services", "weight": 60,
             "is_price_of_eligible": True}, {"name": "Support", "weight": 40}])
        set_section_text(session, procurement.ref, "schedule", "Bids are due at noon.")
        add_price_tier(session, ITEM, "100", "250")
        update_settings(session, consortium_name="Carolina Schools Technology Cooperative")
        vendor = Vendor(name="Acme Devices", owner="state")
        listed = ComplianceList(kind="iran_divestment", list_date=date(2026, 4, 1),
                                owner="state")
        session.add_all([vendor, listed, ComplianceEntry(
            compliance_list=listed, name="Listed Co. Ltd", normalized="listed co",
            owner="state")])
        session.flush()
        stored = session.scalars(select(Procurement).where(
            Procurement.ref == procurement.ref)).one()
        session.add(SamCheck(procurement=stored, vendor=vendor, checked_by="Ann",
                             checked_on=date(2026, 5, 1), result="clear", owner="state"))
        award = Award(procurement=stored, lot_number=1, vendor=vendor, rank=1, basis="single",
                      owner="state")
        contract = Contract(award=award, number="NC-1", signed_on=date(2026, 5, 2),
                            owner="state")
        item = session.scalars(select(LotItem)).first() or LotItem(
            lot=Lot(procurement=stored, number=1, name="Devices", owner="state"),
            description="Chromebook", quantity=Decimal(1), estimated_unit_price=Decimal(1),
            estimated_amount=Decimal(1), owner="state")
        session.add_all([award, contract, ContractPrice(
            contract=contract, lot_item=item, unit_price=Decimal("250.00"), owner="state")])
        stored_need = session.scalars(select(Need).where(Need.uid == need.uid)).one()
        session.add_all([
            Allocation(procurement=stored, need=stored_need, member=stored_need.member,
                       lot_item=item, award=award, how="lowest", quantity=Decimal(30),
                       unit_price=Decimal("250.00"), own_unit_price=Decimal("300.00"),
                       erate_category="ineligible", owner="state"),
            PiggybackJoin(procurement=stored, member=stored_need.member,
                          notice_on=date(2026, 6, 1), board_approved_on=date(2026, 6, 15),
                          joined_on=date(2026, 6, 16), owner="state"),
            Addendum(procurement=stored, number=1, issued_on=date(2026, 4, 10),
                     issued_by="Ann", summary="Lot 1: 30 units, not 20", substantive=True,
                     owner="state")])
    with r3.transaction() as session:
        create_need(session, {"member": R3_MEMBER, "item": ITEM, "quantity": "5"})
    r3_bundle = export_bundle(r3, tmp_path / "r3.zip").path
    hostile = tmp_path / "hostile"
    hostile.mkdir()
    return World(state_store, r3, r4, r3_bundle, r4_bundle, hostile)


def files_under(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file()}


def data_fingerprint(store: Store) -> tuple[dict[str, int], str]:
    return store_fingerprint(store, skip=BOOKKEEPING)


def refused_whole(world: World, bundle: Path, match: str) -> str:
    """Refused before anything is planned: every table of the store as it was, no file."""
    before, files = store_fingerprint(world.state), files_under(world.tmp.parent)
    with pytest.raises(UserError, match=match) as info:
        import_bundle(world.state, bundle)
    assert store_fingerprint(world.state) == before
    assert files_under(world.tmp.parent) == files
    assert "Nothing was changed" in str(info.value)
    return str(info.value)


def imported_refusing_all(world: World, bundle: Path) -> dict[tuple[str, str], str]:
    """Imported with every record refused: the data as it was, and the only new file the kept
    copy of the bundle in the data folder. Returns {(table, uid): reason}."""
    before, files = data_fingerprint(world.state), files_under(world.tmp.parent)
    result = import_bundle(world.state, bundle)
    assert data_fingerprint(world.state) == before
    keep = (world.state.data_dir or Path("/nonexistent")) / "bundles" / "in"
    assert {p.parent for p in files_under(world.tmp.parent) - files} <= {keep}
    assert all(c["new"] == c["updated"] == c["conflicts"] == 0 for c in result.counts.values())
    return {(r.entity, r.uid): r.reason for r in result.refused}


# --- 1. a trusted region posing as another ------------------------------------------------

def region4_needs_changed(members: Members, _manifest: dict) -> None:
    """Region 4's need lines: one edited, one removed, one new (as posing Region 3 sent)."""
    def edit(rows: list[dict]) -> list[bytes]:
        edited = {**rows[0], "quantity": "999", "version": rows[0]["version"] + 1}
        removed = {**rows[1], "deleted": True, "version": rows[1]["version"] + 1}
        new = {**rows[0], "uid": str(uuid.uuid4()), "quantity": "500"}
        return [dump(edited), dump(removed), dump(new)]

    edit_lines(members, NEEDS, edit)


@pytest.mark.parametrize("claim", ["region 4's instance", "region 4 with its own instance",
                                   "the state"])
def test_a_trusted_region_cannot_pose_as_another(world: World, claim: str) -> None:
    r3 = world.r3.require_identity()

    def pose(members: Members, manifest: dict) -> None:
        region4_needs_changed(members, manifest)
        if claim == "region 4 with its own instance":
            manifest["source"]["instance_uid"] = r3.uid
        elif claim == "the state":
            manifest["source"].update(role="state", region=None, scope="state")

    bundle = world.signed_by_region3("pose.zip", pose, base=world.r4_bundle)
    message = refused_whole(world, bundle, "signed by the key trusted for region:3")
    assert r3.uid in message


def test_a_posing_bundle_cannot_move_another_regions_watermark(world: World) -> None:
    state_uid = world.state.require_identity().uid
    export_bundle(world.state, world.tmp / "to-r4.zip", to="region:4")

    def pose(_members: Members, manifest: dict) -> None:
        manifest["acks"] = [{"instance_uid": state_uid, "seq": 2**62, "bundles": []}]

    refused_whole(world, world.signed_by_region3("ack.zip", pose, base=world.r4_bundle),
                  "signed by the key trusted for region:3")
    with world.state.session() as session:
        assert acked_seq(session, "region:4") == 0


def test_a_region_cannot_acknowledge_more_than_it_was_sent(world: World) -> None:
    """Its own watermark: a claim past what the state sent it would make the state's next
    bundle to it skip changes unnoticed."""
    state_uid = world.state.require_identity().uid
    export_bundle(world.state, world.tmp / "to-r3.zip", to="region:3")

    def huge(_members: Members, manifest: dict) -> None:
        manifest["acks"] = [{"instance_uid": state_uid, "seq": 2**62, "bundles": []}]

    import_bundle(world.state, world.signed_by_region3("ack.zip", huge))
    with world.state.session() as session:
        assert acked_seq(session, "region:3") == exported_seq(session, "region:3") > 0


def test_a_region_acknowledges_only_bundles_sent_to_it(world: World) -> None:
    state_uid = world.state.require_identity().uid
    to_r4 = export_bundle(world.state, world.tmp / "to-r4.zip", to="region:4").bundle_uid

    def ack(_members: Members, manifest: dict) -> None:
        manifest["acks"] = [{"instance_uid": state_uid, "seq": 0, "bundles": [to_r4]}]

    import_bundle(world.state, world.signed_by_region3("ack.zip", ack))
    with world.state.session() as session:
        assert session.scalar(select(BundleLog.acknowledged_at).where(
            BundleLog.bundle_uid == to_r4)) is None


# --- 2. what a region may write: the ownership table, walked over every synced table --------

# The values the attack used, where a table has them; other natural keys get fresh values.
HOSTILE_VALUES: dict[str, dict[str, Any]] = {
    "regions": {"number": 9, "name": "Region 9"},
    "funding_years": {"year": 2027, "c2_multiplier": "999"},
    "lot_items": {"quantity": "1000000"},
    "contract_prices": {"unit_price": "0.01"},  # a region lowering a not-to-exceed price
    "allocations": {"erate_share": "0.00", "unit_price": "0.01"},  # a cheaper deal for itself
    "evaluation_criteria": {"name": "Region 3 decides", "weight": 1000},
    "packet_texts": {"section_key": "terms", "text": "Terms and conditions: Region 3's own."},
    "consortium_profile": {"name": "A second consortium"},
    "procurements": {"ref": "2026-R3-99", "title": "Region 3's own procurement"},
    "catalog_items": {"code": "HX-001", "reference_price": "0.01"},
    "categories": {"code": "HX"},
    "vendors": {"name": "Hostile Vendor LLC"},
    "members": {"code": "09Z"},
    "schools": {"code": "090999"},
}


def test_every_synced_table_has_an_ownership_rule() -> None:
    missing = sorted(set(entity_specs()) - set(OWNERSHIP))
    assert missing == [], f"synced tables with no ownership rule: {missing}"
    assert sorted(set(OWNERSHIP) - set(entity_specs())) == []


def test_the_whole_table_shortcut_agrees_with_the_record_by_record_rule() -> None:
    for table in [*OWNERSHIP, "a_table_added_later"]:
        for sender in ("state", "region:3"):
            for owner in ("state", "region:3"):
                refusals = [refusal(table, sender, owner, a) for a in ACTIONS]
                if passes_whole_table(table, sender, {owner}):
                    assert refusals == [None] * 3, (table, sender, owner)
                else:
                    assert any(refusals), (table, sender, owner)


def sample(world: World, table: str) -> dict[str, Any]:
    """One record of `table` on the state as its bundle line: the state's own, or for a
    region's kind of record one of Region 4's (never Region 3's)."""
    spec = entity_specs()[table]
    model = spec.model
    with world.state.session() as session:
        query = select(model).order_by(model.id)  # type: ignore[attr-defined]
        if OWNERSHIP[table].owned_by == REGION:
            query = query.where(model.owner == "region:4")  # type: ignore[attr-defined]
        record = session.scalars(query).first()
        assert record is not None, f"the test world has no {table}"
        return line(record)


def line(record: Any) -> dict[str, Any]:
    """A stored record as a bundle line."""
    return {**portable_fields(record), "version": record.version,
            "updated_at": record.updated_at.isoformat()}


def new_record(world: World, table: str, owner: str) -> dict[str, Any]:
    spec = entity_specs()[table]
    row = {**sample(world, table), "uid": str(uuid.uuid4()), "owner": owner, "version": 1}
    for number, key in enumerate(spec.natural_key, start=1):
        if spec.fields[key].kind == "int":
            row[key] = 900_000 + number
        else:
            row[key] = f"HX-{row['uid'][:6]}"[:spec.fields[key].max_len or 20]
    row.update(HOSTILE_VALUES.get(table, {}))
    return row


def changed_record(world: World, table: str, owner: str | None, delete: bool
                   ) -> dict[str, Any]:
    """An existing record as its sender edited (or removed) it."""
    spec = entity_specs()[table]
    row = sample(world, table)
    row.update(version=row["version"] + 1, owner=owner or row["owner"])
    if delete:
        row["deleted"] = True
        return row
    texts = [n for n, f in spec.fields.items() if f.kind == "str" and n != "owner"
             and n not in spec.natural_key and (f.max_len or 99) >= 10]
    numbers = [n for n, f in spec.fields.items() if f.kind == "int"
               and n not in spec.natural_key]
    if texts:
        row[texts[0]] = (str(row[texts[0]] or "") + " (R3)")[-(spec.fields[texts[0]].max_len
                                                                 or 99):]
    elif numbers:
        row[numbers[0]] = (row[numbers[0]] or 0) + 1
    row.update(HOSTILE_VALUES.get(table, {}))  # a table of figures only: its hostile value
    for key in spec.natural_key:  # still the same record
        row[key] = sample(world, table)[key]
    return row


def with_records(rows: dict[str, list[dict[str, Any]]]) -> Callable[[Members, dict], None]:
    """Replace the bundle's records with `rows` (table -> lines)."""
    def change(members: Members, manifest: dict) -> None:
        for name in [n for n in members if n.startswith(RECORDS_DIR) or n == REFS]:
            del members[name]
        manifest["files"] = []
        for table, lines in rows.items():
            name = entity_specs()[table].file_name
            members[name] = b"".join(dump(r) for r in lines)
            manifest["files"].append({"name": name, "entity": table, "sha256": "", "rows": 0})

    return change


def walk(world: World, name: str, rows: dict[str, list[dict[str, Any]]],
         reason: str | Callable[[str], str]) -> None:
    refused = imported_refusing_all(world, world.signed_by_region3(name, with_records(rows)))
    problems = []
    for table, lines in rows.items():
        for line in lines:
            why = refused.get((table, line["uid"]))
            expected = reason(table) if callable(reason) else reason
            if why is None or not re.search(expected, why):
                problems.append(f"{table} {line['uid'][:8]}: {why!r}, expected {expected!r}")
    assert problems == []


def test_a_region_creates_none_of_the_states_records_walking_every_table(world: World
                                                                        ) -> None:
    """One new record of every synced table: the state's kinds marked as Region 3's (the
    hole: any new record whose owner was the sender's went in) and as the state's (taken as
    a hand-over); a region's kinds for Region 4's member, or (a member) in Region 4."""
    rows: dict[str, list[dict[str, Any]]] = {}
    for table in entity_specs():
        assert table in OWNERSHIP, f"{table} has no ownership rule"
        owners = ["region:3"] if OWNERSHIP[table].owned_by == REGION else \
            ["region:3", "state"]
        rows[table] = [new_record(world, table, owner) for owner in owners]

    def reason(table: str) -> str:
        if table == "members":
            return "region 4 is not the bundle's region"
        if OWNERSHIP[table].owned_by == REGION:
            return "belongs to Region 4"
        return f"Region 3 may not create {table.replace('_', ' ')}; they are the state's"

    walk(world, "create.zip", rows, reason)


@pytest.mark.parametrize("owner", ["state", "region:3"])
def test_a_region_edits_none_of_the_states_records(world: World, owner: str) -> None:
    """Marked as the state's, an edit used to become a conflict for the state to look at;
    marked as the region's, it must not pass either."""
    rows = {table: [changed_record(world, table, owner, delete=False)]
            for table, rule in OWNERSHIP.items() if rule.owned_by != REGION}
    walk(world, "edit.zip", rows, lambda t: f"Region 3 may not edit {t.replace('_', ' ')}")
    with world.state.session() as session:
        assert list_conflicts(session) == []


def test_a_region_removes_none_of_the_states_records(world: World) -> None:
    rows = {table: [changed_record(world, table, "state", delete=True)]
            for table, rule in OWNERSHIP.items() if rule.owned_by != REGION}
    walk(world, "delete.zip", rows, lambda t: f"Region 3 may not delete {t.replace('_', ' ')}")


def test_a_region_changes_none_of_another_regions_records(world: World) -> None:
    rows = {table: [changed_record(world, table, None, delete=False),
                    {**changed_record(world, table, None, delete=True),
                     "uid": str(uuid.uuid4())}]
            for table, rule in OWNERSHIP.items() if rule.owned_by == REGION}
    # The member on its own: its records in the same bundle would be refused for naming it.
    walk(world, "member.zip", {"members": rows.pop("members")},
         "belongs to Region 4|may not delete members")
    walk(world, "theirs.zip", rows, "belongs to Region 4")


def test_a_region_cannot_remove_its_member_or_give_its_need_to_the_state(world: World
                                                                        ) -> None:
    """Removing a member is the state's; a need marked as the state's used to reach the
    state as an edit of its own record (a conflict), or, if new, as the state's record."""
    with world.state.session() as session:
        need = session.scalars(select(Need).where(Need.owner == "region:3")).first()
        member = session.scalars(select(Member).where(Member.code == R3_MEMBER)).one()
        assert need is not None
        rows = {"members": [{**line(member), "deleted": True, "version": member.version + 1}],
                "needs": [{**line(need), "owner": "state", "version": need.version + 1},
                          {**line(need), "owner": "state", "uid": str(uuid.uuid4())}]}
    refused = imported_refusing_all(world, world.signed_by_region3("own.zip",
                                                                   with_records(rows)))
    assert "Region 3 may not delete members" in refused[("members", member.uid)]
    for row in rows["needs"]:
        assert "needs are always a region's" in refused[("needs", row["uid"])]


def test_the_region_may_still_write_its_own(world: World) -> None:
    """The table is not stricter than the rule: Region 3's own need, school, contact and
    letter for its own member arrive as before."""
    result = import_bundle(world.state, world.r3_bundle)
    assert result.refused == [] and result.counts["needs"]["new"] == 1


# --- 3. identifiers are checked before they are used -----------------------------------------

@pytest.mark.parametrize("bad", ["../../../PWNED", "../../PWNED", "ABSOLUTE", "x" * 5000,
                                 "", "d81fc96b-c5f1-4393-b103-d95586fc670a/../../../PWNED",
                                 "d81fc96b-c5f1-4393-b103-d95586fc670a\n"])
def test_bundle_uid_must_be_a_uuid(world: World, bad: str) -> None:
    bad = str(world.tmp.parent / "ABSOLUTE-PWNED") if bad == "ABSOLUTE" else bad

    def change(_members: Members, manifest: dict) -> None:
        manifest["bundle_uid"] = bad

    bundle = world.signed_by_region3("uid.zip", lambda m, f: None)
    bundle = rebuild(bundle, world.tmp / "uid2.zip", change,
                     signing_key(world.r3, world.r3.require_identity()))
    refused_whole(world, bundle, "bundle_uid")
    data = world.state.data_dir or world.tmp.parent
    for escaped in (data.parent / "PWNED.zip", data.parent.parent / "PWNED.zip",
                    data / "PWNED.zip", world.tmp.parent / "ABSOLUTE-PWNED.zip"):
        assert not escaped.exists()


@pytest.mark.parametrize(("field", "value"), [
    ("uid", "not-a-uuid"), ("uid", "../../etc/passwd"), ("uid", "0" * 36),
    ("uid", "12345678"), ("uid", "d81fc96b-c5f1-4393-b103-d95586fc670a0"),
    ("member_uid", "12345678"), ("member_uid", "../x"), ("item_uid", "0" * 8),
    ("owner", "region:9"), ("owner", "../state"),
    ("version", 2**63), ("version", 0), ("version", True),
])
def test_record_identifiers_must_be_valid(world: World, field: str, value: Any) -> None:
    def change(members: Members, _manifest: dict) -> None:
        edit_lines(members, NEEDS, lambda rows: [dump({**r, field: value}) for r in rows])

    refused_whole(world, world.signed_by_region3("rec.zip", change),
                  f"field '{field}'|line 1: (version|owner)")


STATE_UID = "state-uid"


@pytest.mark.parametrize(("key", "value", "match"), [
    ("seq_to", 2**63, "seq_to"), ("seq_to", -1, "seq_to"), ("seq_from", 2**63, "seq_from"),
    ("seq_from", 0, "seq_from"), ("seq_to", True, "seq_to"), ("seq_to", 1.5, "seq_to"),
    ("created_at", "yesterday", "created_at"),
    ("receiver.instance_uid", "../x", "receiver.instance_uid"),
    ("acks", [{"instance_uid": STATE_UID, "seq": 2**63, "bundles": []}], "ack 1"),
    ("acks", [{"instance_uid": STATE_UID, "seq": -5, "bundles": []}], "ack 1"),
    ("acks", [{"instance_uid": "../x", "seq": 1, "bundles": []}], "ack 1"),
    ("acks", [{"instance_uid": STATE_UID, "seq": 1, "bundles": ["../x"]}], "ack 1"),
    ("acks", [{"instance_uid": STATE_UID, "seq": "1"}], "ack 1"),
    ("acks", ["state"], "ack 1"),
])
def test_manifest_numbers_and_acks_must_be_valid(world: World, key: str, value: Any,
                                                 match: str) -> None:
    state_uid = world.state.require_identity().uid
    value = json.loads(json.dumps(value).replace(STATE_UID, state_uid))

    def change(_members: Members, manifest: dict) -> None:
        if key.startswith("receiver."):
            manifest["receiver"]["instance_uid"] = value
        else:
            manifest[key] = value

    refused_whole(world, world.signed_by_region3("seq.zip", change), match)


@pytest.mark.parametrize(("name", "bad"), [
    (REFS, {"entity": "members", "uid": "../x", "key": {"code": "920"}}),
    (ASSIGNMENTS, {"uid": "../x", "code": "920", "region": 3}),
    (ASSIGNMENTS, {"uid": str(uuid.uuid4()), "code": "920", "region": True}),
])
def test_refs_and_assignments_name_records_by_uuid(world: World, name: str, bad: dict
                                                   ) -> None:
    def change(members: Members, manifest: dict) -> None:
        members[name] = dump(bad)
        manifest["files"] = [f for f in manifest["files"] if f["name"] != name] + [
            {"name": name, "entity": name.removesuffix(".jsonl"), "sha256": "", "rows": 0}]

    refused_whole(world, world.signed_by_region3("refs.zip", change), name)


@pytest.mark.parametrize("bad", ["../x", "", "x" * 36])
def test_a_key_file_names_its_instance_by_uuid(world: World, bad: str) -> None:
    data = json.loads(key_file_text(world.r3.require_identity()))
    key_file = world.tmp / "r3.key"
    key_file.write_text(json.dumps({**data, "instance_uid": bad}))
    with pytest.raises(UserError, match="instance_uid"):
        read_key_file(key_file)

