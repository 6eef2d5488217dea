"""Who may write what through a bundle: one table, kind of record × sender's role →
create / edit / delete (DESIGN.md §3, docs/bundle-format.md "Ownership").

A valid signature proves who sent a bundle, not what they may write. A region keeps its
members' records (the member itself, its schools, contacts and letters of agency) and its
members' needs; the state keeps everything else: the catalog, vendors, funding years, regions,
the consortium's name, procurements with their lots, participants, price tiers, packet
texts and addenda, the awards with their contracts, and the allocations back to members (with the
members that joined a contract later). The state may also write a region's kinds of
record: its edits reach the owning region as conflicts to accept or decline, and records it
made or moved for a region (a member it assigned there, with its records) are handed over.
A region writes nothing of the state's.

Every record of every bundle is held against this table before anything else is decided about
it; a synced table without an entry here refuses all its records (and fails the test that
walks every synced table), so a new table is never writable by accident.

Pure rules: no database, no session.
"""

from __future__ import annotations

from dataclasses import dataclass

STATE = "state"
REGION = "region"
CREATE, EDIT, DELETE = "create", "edit", "delete"
ACTIONS = (CREATE, EDIT, DELETE)

_ALL = frozenset(ACTIONS)
_NONE: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Rule:
    """One kind of record: whose it is, and what each role's bundle may do with it."""

    owned_by: str  # STATE or REGION: the role whose records these are
    region: frozenset[str]  # what a region's bundle may do
    state: frozenset[str]  # what the state's bundle may do

    def allows(self, role: str, action: str) -> bool:
        return action in (self.state if role == STATE else self.region)


# A region's own kind of record: the region creates, edits and removes it; the state's edits
# and hand-overs reach the region through the owner's accept/decline.
_REGIONS = Rule(REGION, region=_ALL, state=_ALL)
# The state's: a region's bundle may not touch it.
_STATES = Rule(STATE, region=_NONE, state=_ALL)

OWNERSHIP: dict[str, Rule] = {
    # A region adds members of its own region (a new charter) and edits them; which region a
    # member belongs to is the state's (checked with the record), and no member is removed.
    "members": Rule(REGION, region=frozenset({CREATE, EDIT}), state=_ALL),
    "schools": _REGIONS,
    "contacts": _REGIONS,
    "letters_of_agency": _REGIONS,
    "needs": _REGIONS,
    "regions": _STATES,
    "consortium_profile": _STATES,
    "categories": _STATES,
    "catalog_items": _STATES,
    "vendors": _STATES,
    "compliance_lists": _STATES,
    "compliance_entries": _STATES,
    "sam_checks": _STATES,
    "funding_years": _STATES,
    "procurements": _STATES,
    "lots": _STATES,
    "lot_items": _STATES,
    "procurement_members": _STATES,
    "price_tiers": _STATES,
    "evaluation_criteria": _STATES,
    "packet_texts": _STATES,
    "awards": _STATES,
    "contracts": _STATES,
    "contract_prices": _STATES,
    "allocations": _STATES,
    "piggyback_joins": _STATES,
    "addenda": _STATES,
}


def role_of(scope: str) -> str:
    """`state` → STATE, `region:N` → REGION."""
    return STATE if scope == STATE else REGION


def action_of(local_exists: bool, local_deleted: bool, incoming_deleted: bool) -> str:
    """What a record does to the receiver: creates one it lacks, removes one it holds
    (a tombstone over a live record), or else edits it."""
    if not local_exists:
        return CREATE
    if incoming_deleted and not local_deleted:
        return DELETE
    return EDIT


def _plural(table: str) -> str:
    return table.replace("_", " ")


def _whose(role: str) -> str:
    return "the state's" if role == STATE else "a region's"


def refusal(table: str, sender_scope: str, record_owner: str, action: str) -> str | None:
    """Why a record of `table` from `sender_scope`, marked as `record_owner`'s, may not
    `action` here; None when the table allows it. (Which region's it is — the record's member,
    the sender's own region — is checked with the record's parents.)"""
    rule = OWNERSHIP.get(table)
    if rule is None:
        return f"{_plural(table)} have no ownership rule, so no bundle may write them"
    sender = "the state" if sender_scope == STATE else \
        f"Region {sender_scope.removeprefix('region:')}"
    role = role_of(sender_scope)
    if not rule.allows(role, action):
        theirs = "" if role == rule.owned_by else f"; they are {_whose(rule.owned_by)}"
        return f"{sender} may not {action} {_plural(table)}{theirs}"
    if role_of(record_owner) != rule.owned_by:
        return (f"marked as {record_owner}'s, but {_plural(table)} are always "
                f"{_whose(rule.owned_by)}")
    return None


def passes_whole_table(table: str, sender_scope: str, owners: set[str]) -> bool:
    """True when every record of `table` from `sender_scope` passes `refusal` whatever it
    does: the sender may create, edit and delete it, and every owner named is of the kind's
    role. The plan then skips the record-by-record check (100k need lines from a region)."""
    rule = OWNERSHIP.get(table)
    return (rule is not None and all(rule.allows(role_of(sender_scope), a) for a in ACTIONS)
            and all(role_of(owner) == rule.owned_by for owner in owners))

