"""Check an OCDS release package against the official 1.1.5 schema shipped in
resources/ocds-1.1.5/ (offline: the release schema is registered locally under its id, so
the validator never fetches it) and its open codelists against the standard's CSVs — the
schema's `enum` enforces only the closed ones.

jsonschema is a development dependency: the tests validate every export, and
`consortium ocds export --validate` does it where jsonschema is installed; the exporter
itself never needs it."""

from __future__ import annotations

import csv
import json
from functools import cache
from typing import Any

from app import paths
from app.errors import UserError

SCHEMA_FOLDER = "ocds-1.1.5"


def schema_dir() -> Any:
    return paths.resources_dir() / SCHEMA_FOLDER


@cache
def codelist(name: str) -> frozenset[str]:
    """The codes of one of the standard's codelists (codelists/NAME.csv)."""
    with (schema_dir() / "codelists" / f"{name}.csv").open(encoding="utf-8") as f:
        return frozenset(row["Code"] for row in csv.DictReader(f))


def schema_errors(package: dict[str, Any]) -> list[str]:
    """Every schema error, as "path: message" (none: valid). Needs jsonschema."""
    try:
        from jsonschema import Draft4Validator, FormatChecker
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT4
    except ImportError as error:
        raise UserError("--validate needs the jsonschema package, which this installation "
                        "does not include; validate the file with the OCDS Data Review "
                        "Tool instead.") from error
    root = schema_dir()
    schema = json.loads((root / "release-package-schema.json").read_text("utf-8"))
    release = json.loads((root / "release-schema.json").read_text("utf-8"))
    registry = Registry().with_resource(release["id"],
                                        Resource(release, specification=DRAFT4))
    validator = Draft4Validator(schema, registry=registry, format_checker=FormatChecker())
    # Through JSON and back, as a reader gets it: a Decimal or a date would not survive.
    document = json.loads(json.dumps(package))
    return [f"{'/'.join(map(str, e.absolute_path)) or '(package)'}: {e.message}"
            for e in sorted(validator.iter_errors(document), key=str)]


def codelist_problems(package: dict[str, Any]) -> list[str]:
    """Values of the open codelists the export uses that are not in the standard's CSVs."""
    problems = []
    for n, release in enumerate(package.get("releases", ())):
        where = f"releases/{n}"
        problems += [f"{where}/parties: role '{r}' is not in partyRole.csv"
                     for party in release.get("parties", ()) for r in party.get("roles", ())
                     if r not in codelist("partyRole")]
        tender = release.get("tender", {})
        problems += [f"{where}/tender/documents: '{d.get('documentType')}' is not in "
                     "documentType.csv" for d in tender.get("documents", ())
                     if d.get("documentType") not in codelist("documentType")]
        problems += [f"{where}/tender/submissionMethod: '{m}' is not in "
                     "submissionMethod.csv" for m in tender.get("submissionMethod", ())
                     if m not in codelist("submissionMethod")]
        category = tender.get("mainProcurementCategory")
        if category is not None and category not in codelist("procurementCategory"):
            problems.append(f"{where}/tender/mainProcurementCategory: '{category}' is not "
                            "in procurementCategory.csv")
    return problems
