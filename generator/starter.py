"""Write a commented starter firm profile (`paralegal-kb new-firm`); never overwrite a file."""

from __future__ import annotations

import os
from pathlib import Path

from generator.errors import KBError

STARTER = """\
# yaml-language-server: $schema={schema}
# A firm profile: one YAML file that becomes an onboarding packet.
#   Check it:          paralegal-kb validate {name}
#   Build the packet:  paralegal-kb packet {name} -o packets/
# The line above lets editors with the YAML language server complete and check
# this file; publish the schema with `paralegal-kb build` (site/schema/) or write
# it with `paralegal-kb schema > firm-profile.json` and point the line there.
# Fields marked (required) must stay; everything else has a default that the
# packet states plainly, for example "Status updates: weekly (default)".
# Every value is shown exactly as typed: it is never read as HTML or a template.

firm:
  name: Example Law LLP              # (required) shown on the cover and in headers
  short_name: Example Law            # used in running text; default: name
  jurisdictions: [CA]                # (required) US state / territory codes, e.g. [CA, NY];
                                     #   CA adds California B&P Code 6450 notes
  timezone: America/Los_Angeles      # (required) IANA zone name
  # logo: assets/logo.png            # PNG, JPEG, GIF or SVG; relative to this file
  # brand_color: "#1f4e79"           # CSS hex colour for headings and the cover; default navy

practice_areas: [civil-litigation]   # (required, at least one) ids of data/practice_areas/:
                                     #   civil-litigation, corporate, family-law, immigration,
                                     #   intellectual-property, real-estate, personal-injury,
                                     #   medical-malpractice, estate-planning-probate,
                                     #   government, labor-employment, insurance-defense

supervising_attorneys:               # (required, at least one)
  - name: Alex Example               # (required)
    email: alex@example.com
    phone: "+1 555 0100"             # quote phone numbers
    role: Partner
    # practice_areas: [civil-litigation]   # areas this attorney supervises; default: all

support:                             # who is being onboarded
  provider: Example Paralegal Services   # (required) person or company
  model: freelance                   # freelance | virtual | managed-offshore | in-house-remote
  approach: task-based               # task-based | strategy-based
  schedule: part-time                # part-time | full-time
  # timezone: Asia/Manila            # provider's IANA zone; default: the firm's. With
                                     #   firm.timezone it drives the hand-off schedule
  contacts: []                       # e.g. - {{name: Rosa Lim, email: rosa@example.com, role: Team lead}}

communication:
  channels: [email, phone]           # email, phone, secure-portal, video, chat
  status_updates: weekly             # daily | twice-weekly | weekly | per-assignment
  response_time_hours: 24            # how fast questions get an answer, both ways
  open_phone_hours: "09:00-17:00"    # in firm.timezone; quote it
  escalation: []                     # names of attorneys or provider contacts, in order;
                                     #   default: the supervising attorneys

delivery:
  methods: [secure-portal]           # secure-portal, remote-access, encrypted-email, email,
                                     #   mail, in-person, meeting
  email_allowed_for: []              # drafts | status-updates | questions | non-confidential;
                                     #   never final or privileged work product

systems: []                          # e.g. [clio, netdocuments, microsoft-365, docusign]

billing:
  arrangement: hourly                # hourly | flat | retainer | block | package
  # rate: 45.00                      # per hour, or per item for flat; default: to be agreed
  currency: USD
  increment_minutes: 1               # 1 = by the minute
  cycle: monthly                     # monthly | end-of-project

# templates: [assignment-request, status-update, timesheet, engagement-letter-clause,
#             confidentiality-agreement, delivery-receipt]   # default: all of them

# start_date: 2027-01-04             # first day; dates the 30/60/90-day plan (default: to be agreed)
language: en                         # en for now
# templates_dir: packet-overrides/   # Jinja templates overriding documented packet blocks
"""


def starter_text(path: Path) -> str:
    """The starter profile's text, with the schema line pointing at site/schema/ from path's folder."""
    schema = Path.cwd() / "site" / "schema" / "firm-profile.json"
    try:
        rel = os.path.relpath(schema, path.resolve().parent)
    except ValueError:  # another drive on Windows
        rel = str(schema)
    return STARTER.format(schema=Path(rel).as_posix(), name=path.as_posix())


def write_starter(path: Path) -> None:
    """Write a commented starter profile to path; refuse to overwrite anything there."""
    if path.exists() or path.is_symlink():
        raise KBError(f"{path} already exists; not overwriting it (choose another name or delete it first)")
    if path.parent.exists() and not path.parent.is_dir():
        raise KBError(f"{path.parent} is not a folder")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # "x" creates the file only if it does not exist, so a file created since the check survives too.
        with path.open("x", encoding="utf-8", newline="\n") as fh:
            fh.write(starter_text(path))
    except FileExistsError:
        raise KBError(f"{path} already exists; not overwriting it (choose another name or delete it first)") from None
    except OSError as e:
        raise KBError(f"cannot write {path}: {e.strerror}") from None
