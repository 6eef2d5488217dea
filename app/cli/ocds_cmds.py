"""`consortium ocds export`: a procurement as open data, an OCDS 1.1 release package.

    consortium ocds export ID --out FILE.json [--stage planning|tender|award|contract]
                              [--validate]

One release per stage the procurement has reached (or only `--stage`'s). The ocid prefix
is the state's setting (`consortium settings set --ocid-prefix`). `--validate` checks the
file against the OCDS 1.1.5 schema shipped with the program and the open codelists; it
needs jsonschema (a development dependency), so an installation without it says so.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli.context import CliContext
from app.errors import UserError
from app.rules.ocds import STAGES


def register(commands: Any) -> None:
    ocds = commands.add_parser("ocds", help="open data: OCDS release packages",
                               description="Publish a procurement as Open Contracting "
                                           "Data Standard 1.1 open data.")
    sub = ocds.add_subparsers(dest="ocds_command", metavar="ACTION", required=True)
    export = sub.add_parser("export", help="write a procurement's OCDS release package")
    export.add_argument("procurement", metavar="ID", help="the procurement's ref")
    export.add_argument("--out", metavar="FILE.json", type=Path, required=True,
                        help="the JSON file to write")
    export.add_argument("--stage", choices=STAGES, default=None,
                        help="only this stage's release (default: every stage reached)")
    export.add_argument("--validate", action="store_true",
                        help="check the package against the OCDS 1.1.5 schema and "
                             "codelists first (needs jsonschema)")
    export.set_defaults(handler=cmd_export)


def cmd_export(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.ocds import (
        check_package_path,
        package_summary,
        release_package,
        write_package,
    )

    out: Path = args.out
    check_package_path(out)
    ctx.store.require_identity()
    with ctx.store.session() as session:
        package = release_package(session, args.procurement, stage=args.stage)
    if args.validate:
        from app.services.ocds_validate import codelist_problems, schema_errors

        problems = schema_errors(package) + codelist_problems(package)
        if problems:  # a bug of the exporter, not the user's input: nothing written
            raise UserError(f"{out}: the package does not validate ({len(problems)} "
                            "problem(s)); nothing written:\n  " + "\n  ".join(problems))
    write_package(package, out)
    print(f"Wrote {out}: {package_summary(package)}"
          + ("; valid against OCDS 1.1.5" if args.validate else "") + ".")
    return 0
