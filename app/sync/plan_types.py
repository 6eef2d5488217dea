"""What a plan says: each incoming record with what will happen to it (new, updated,
unchanged, conflict, refused), per entity, and the state's region assignments. Plain data,
built by `plan.Planner` and replayed by `apply`."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from app.sync.format import EntitySpec
from app.sync.reader import Bundle

STATUS = ("new", "updated", "unchanged", "conflicts", "refused")


class Decision(StrEnum):
    """What an incoming record does to the one held here (`Planner.decide`)."""

    UPDATED = "updated"  # the incoming version replaces it
    UNCHANGED = "unchanged"  # both say the same
    EDITED = "edited"  # changed here since the last sync: `decide_edited` settles it
    CONFLICT = "conflict"  # both changed it: a person decides
    STALE = "stale"  # older than what is here: ignored


@dataclass(frozen=True)
class Problem:
    """Why a record cannot be written, as the plan builds its refusal from it."""

    text: str
    held: bool = False  # waiting for a parent that is not here yet
    labelled: bool = False  # the text already starts with the record's own label
    other_members: bool = False  # the record is for a member another instance keeps


def scope_name(scope: str) -> str:
    return "the state" if scope == "state" else f"Region {scope.removeprefix('region:')}"


@dataclass
class Local:
    id: int
    uid: str
    version: int
    hash: str
    seq: int
    owner: str
    label: str = ""
    deleted: bool = False


@dataclass
class Incoming:
    spec: EntitySpec
    row: dict[str, Any]  # as read, parents by the sender's uids
    fields: dict[str, Any]  # portable fields, parents by the uids this store will hold
    hash: str
    local: Local | None = None
    parent_ids: dict[str, int | None] = field(default_factory=dict)  # None: new in bundle
    # A record this instance owns, sent by another that holds it while this one does not:
    # a member the state moved here, with its records. Written as this instance's own
    # change so it travels back and both sides agree on it.
    handover: bool = False
    # A conflict that is the owner's answer to an edit made here: the owner had received
    # the edit when it wrote this version, and did not take it all ("declined by Region N").
    declined: bool = False
    # Written (to take the owner's uid) but the same content as here: reported as
    # unchanged, so a first sync of reference data both sides loaded says "unchanged".
    same_content: bool = False

    @property
    def label(self) -> str:
        return self.spec.label(self.row)


@dataclass
class Refusal:
    entity: str
    uid: str
    label: str
    reason: str
    held: bool = False  # may apply later, once its parent arrives
    field: str = ""  # the refused value's field, when a value is the reason

    def as_json(self) -> dict[str, Any]:
        return {"entity": self.entity, "uid": self.uid, "label": self.label,
                "reason": self.reason, "held": self.held, "field": self.field}


@dataclass
class EntityPlan:
    new: list[Incoming] = field(default_factory=list)
    updated: list[Incoming] = field(default_factory=list)
    unchanged: int = 0
    conflicts: list[Incoming] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        relinked = sum(1 for i in self.updated if i.same_content)
        return {"new": len(self.new), "updated": len(self.updated) - relinked,
                "unchanged": self.unchanged + relinked, "conflicts": len(self.conflicts),
                "refused": len(self.refused)}


@dataclass
class Assignment:
    member_id: int
    code: str
    old_region: int
    new_region: int


@dataclass
class Plan:
    bundle: Bundle
    already_imported: bool = False
    entities: dict[str, EntityPlan] = field(default_factory=dict)
    assignments: list[Assignment] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, dict[str, int]]:
        return {name: plan.counts() for name, plan in self.entities.items()}

    def totals(self) -> dict[str, int]:
        totals = dict.fromkeys(STATUS, 0)
        for plan in self.entities.values():
            for key, value in plan.counts().items():
                totals[key] += value
        return totals

    def refusals(self) -> list[Refusal]:
        return [r for plan in self.entities.values() for r in plan.refused]

    def conflicts(self) -> list[Incoming]:
        return [c for plan in self.entities.values() for c in plan.conflicts]

    @property
    def held(self) -> bool:
        return any(r.held for r in self.refusals())

    @property
    def changes_anything(self) -> bool:
        totals = self.totals()
        return bool(totals["new"] or totals["updated"] or totals["conflicts"]
                    or self.assignments)
