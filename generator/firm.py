"""The firm profile: the input of an onboarding packet (contract: shared/firm-profile.md).

Field names here are a public interface that firms write by hand: add fields, never
rename them. Ids that point into the knowledge base are checked in
`generator.validate`, which knows the knowledge base.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from pydantic import AfterValidator, Field, StringConstraints

from generator.schema import Id, Line, Model

# US states, DC and the territories: the codes the profile's `jurisdictions` accepts.
US_JURISDICTIONS = frozenset(
    "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY "
    "NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC AS GU MP PR VI".split()
)

_TIMEZONES: frozenset[str] | None = None


def _timezone(name: str) -> str:
    global _TIMEZONES
    if _TIMEZONES is None:
        _TIMEZONES = frozenset(available_timezones())
    if name not in _TIMEZONES:
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown IANA time zone {name!r} (for example 'America/New_York')") from None
    return name


def _jurisdiction(code: str) -> str:
    if code not in US_JURISDICTIONS:
        raise ValueError(f"unknown US state or territory code {code!r} (use two capital letters, e.g. 'CA')")
    return code


_HOURS = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]|24):([0-5]\d)$")


def _hours(text: str) -> str:
    m = _HOURS.match(text)
    if not m:
        raise ValueError(f"expected opening hours as 'HH:MM-HH:MM' (24-hour clock), got {text!r}")
    start = int(m[1]) * 60 + int(m[2])
    end = int(m[3]) * 60 + int(m[4])
    if end <= start or end > 24 * 60:
        raise ValueError(f"the hours {text!r} must end after they start, on the same day")
    return text


TimeZone = Annotated[str, AfterValidator(_timezone), Field(description="IANA time zone name, e.g. 'America/Los_Angeles'.")]
Jurisdiction = Annotated[str, AfterValidator(_jurisdiction)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Email = Annotated[
    str,
    StringConstraints(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=254),
    Field(description="Email address."),
]
Colour = Annotated[
    str,
    StringConstraints(pattern=r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$"),
    Field(description="CSS hex colour, '#1f4e79' or '#17a'."),
]


class Firm(Model):
    """The law firm."""

    name: Name = Field(description="Firm name, shown on the cover and in headers.")
    short_name: Name | None = Field(None, description="Used in running text; defaults to name.")
    jurisdictions: list[Jurisdiction] = Field(
        min_length=1, description="US state or territory codes; drive the jurisdiction notes (CA adds B&P 6450)."
    )
    timezone: TimeZone
    logo: Line | None = Field(None, description="Path to a PNG, JPEG, GIF or SVG logo, relative to the profile.")
    brand_color: Colour | None = Field(None, description="Colour for headings and the cover; defaults to navy.")
    working_hours: Annotated[str, AfterValidator(_hours)] = Field(
        "09:00-17:00", description="The firm's working day, 'HH:MM-HH:MM' in firm.timezone, Monday to Friday."
    )


class Attorney(Model):
    """A supervising attorney."""

    name: Name = Field(description="Full name.")
    email: Email | None = None
    phone: Line | None = Field(None, description="Phone number as it should be dialled.")
    role: Line | None = Field(None, description="Title, for example 'Managing partner'.")
    practice_areas: list[Id] = Field(
        default_factory=list, description="Ids of the practice areas this attorney supervises (default: all)."
    )


class Contact(Model):
    """A contact at the provider."""

    name: Name = Field(description="Full name.")
    email: Email | None = None
    phone: Line | None = Field(None, description="Phone number.")
    role: Line | None = Field(None, description="Role, for example 'Team lead'.")


class Support(Model):
    """Who is being onboarded."""

    provider: Name = Field(description="Person or company providing the paralegal support.")
    model: Literal["freelance", "virtual", "managed-offshore", "in-house-remote"] = Field(
        "freelance", description="Provider model."
    )
    approach: Literal["task-based", "strategy-based"] = Field("task-based", description="Support approach.")
    schedule: Literal["part-time", "full-time"] = Field("part-time", description="Schedule.")
    timezone: TimeZone | None = Field(None, description="Provider's IANA time zone; defaults to the firm's.")
    working_hours: Annotated[str, AfterValidator(_hours)] = Field(
        "09:00-17:00", description="The provider's working day, 'HH:MM-HH:MM' in support.timezone, Monday to Friday."
    )
    contacts: list[Contact] = Field(default_factory=list, description="Provider contacts.")


class Communication(Model):
    """How the firm and the paralegal talk."""

    channels: list[Id] = Field(
        default_factory=lambda: ["email", "phone"], description="Ids from data/communication.yml."
    )
    status_updates: Literal["daily", "twice-weekly", "weekly", "per-assignment"] = Field(
        "weekly", description="Status-update cadence."
    )
    response_time_hours: int = Field(
        24, ge=1, le=168, description="How fast questions get an answer, both ways, in hours."
    )
    open_phone_hours: Annotated[str, AfterValidator(_hours)] = Field(
        "09:00-17:00", description="Hours the firm answers the phone, 'HH:MM-HH:MM' in firm.timezone."
    )
    escalation: list[Name] = Field(
        default_factory=list, description="Who to call when something is urgent, in order (default: the attorneys)."
    )


class Delivery(Model):
    """How work product is delivered."""

    methods: list[Id] = Field(
        default_factory=lambda: ["secure-portal"], description="Ids from data/delivery.yml."
    )
    email_allowed_for: list[Literal["drafts", "status-updates", "questions", "non-confidential"]] = Field(
        default_factory=list, description="What plain email may carry; never final or privileged work product."
    )


class Billing(Model):
    """Time tracking and billing terms."""

    arrangement: Literal["hourly", "flat", "retainer", "block", "package"] = Field(
        "hourly", description="Fee arrangement."
    )
    rate: float | None = Field(None, ge=0, le=100000, description="Per hour, or per item for flat fees.")
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] = Field(
        "USD", description="ISO 4217 currency code."
    )
    increment_minutes: int = Field(1, ge=1, le=60, description="Billing increment in minutes; 1 = by the minute.")
    cycle: Literal["monthly", "end-of-project"] = Field("monthly", description="Billing cycle.")


class FirmProfile(Model):
    """A firm profile: one YAML file that becomes an onboarding packet."""

    firm: Firm = Field(description="The law firm.")
    practice_areas: list[Id] = Field(min_length=1, description="Ids of files in data/practice_areas/.")
    supervising_attorneys: list[Attorney] = Field(min_length=1, description="Supervising attorneys.")
    support: Support = Field(description="Who is being onboarded.")
    communication: Communication = Field(default_factory=Communication, description="Communication protocol.")
    delivery: Delivery = Field(default_factory=Delivery, description="Delivery of work product.")
    systems: list[Id] = Field(default_factory=list, description="Ids from data/systems.yml.")
    billing: Billing = Field(default_factory=Billing, description="Billing terms.")
    templates: list[Id] | None = Field(None, description="Template ids to include; default: all of them.")
    # Bounded: the plan and the hand-off schedule do date arithmetic that overflows near years 1 and 9999.
    start_date: Annotated[dt.date, Field(ge=dt.date(1970, 1, 1), le=dt.date(2199, 12, 31))] | None = Field(
        None, description="First day of the engagement; drives the dated 30/60/90-day plan (default: to be agreed)."
    )
    language: Literal["en"] = Field("en", description="Packet language; en for now.")
    templates_dir: Line | None = Field(
        None, description="Folder of Jinja templates overriding documented packet blocks, relative to the profile."
    )
