"""What a bid receipt and the sealed bid list carry (built by app.services.bids): plain data,
no prices, nothing that needs the PDF library (the services import it at start-up)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.rules.bids import local_time


@dataclass(frozen=True)
class BidRow:
    """One received version, sealed: nothing here is a price."""

    procurement_ref: str
    vendor: str
    vendor_id: str
    version: int
    status: str
    late: bool
    received_at: datetime
    received_by: str
    file_name: str
    size: int
    sha256: str
    bidder_name: str
    withdrawn_at: datetime | None
    flags: tuple[str, ...]

    def as_json(self) -> dict[str, object]:
        return {"procurement": self.procurement_ref, "vendor": self.vendor,
                "vendor_id": self.vendor_id, "version": self.version, "status": self.status,
                "late": self.late, "received_at": self.received_at.isoformat(),
                "received_by": self.received_by, "file_name": self.file_name,
                "size": self.size, "sha256": self.sha256, "bidder_name": self.bidder_name,
                "withdrawn_at": self.withdrawn_at.isoformat() if self.withdrawn_at else None,
                "flags": list(self.flags)}


@dataclass(frozen=True)
class BidReceipt:
    """What the receipt prints (no prices)."""

    consortium: str
    procurement_ref: str
    procurement_title: str
    deadline: datetime
    bid: BidRow
    replaced_version: int | None = None

    @property
    def received_local(self) -> datetime:
        return local_time(self.bid.received_at)

    @property
    def deadline_local(self) -> datetime:
        return local_time(self.deadline)
