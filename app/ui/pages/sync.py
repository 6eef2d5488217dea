"""Sync: exchanging signed bundle files between the regions and the state."""

from app.ui.pages.base import ExplainPage, explain_html


class SyncPage(ExplainPage):
    title = "Sync"
    body_html = explain_html(
        "Regions and the state keep separate databases and exchange changes as signed "
        "<i>bundle</i> files (a zip on a USB stick or sent by e-mail). Each side only writes "
        "what it owns: a region its members' needs, contacts and letters of agency; the state "
        "the catalog, vendors, funding-year rules and procurements.",
        [
            "export a bundle of everything that changed since the other side last "
            "acknowledged (or a full bundle on request);",
            "import a bundle in three steps: verify the signature and contents, preview what "
            "is new, updated, unchanged, refused or in conflict, then apply it in one step;",
            "resolve conflicts record by record (keep theirs, keep ours, or field by field);",
            "exchange public key files and compare fingerprints by phone.",
        ],
        [("consortium info", "instance id, role and the key fingerprint to compare")],
    )
