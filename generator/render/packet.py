"""Render a firm's onboarding packet and the ethics checklist as HTML (pure: model in, string out).

The templates live in templates/packet/. `main.html` extends `base.html`, whose
named blocks are the override contract. A profile's `templates_dir` may hold its
own `main.html` that extends "base.html" and fills any of these blocks (call
`{{ super() }}` inside a block to keep the default content):

    head            extra elements at the end of <head>, e.g. a <style> element
    cover           the whole cover page
    cover_note      the notice at the foot of the cover (default: practice guidance, not legal advice)
    toc             the table of contents
    toc_extra       extra entries at the end of the contents list (<li><a href="#id">...</a></li>)
    engagement, people, scope, boundaries, supervision, communication, handoff,
    intake, delivery, security, billing, quality, plan, ethics
                    the parts of the packet, one block each, in that order
    extra_sections  empty; placed after `ethics`, before the acknowledgement
    acknowledgement the signature page
    appendix        the fill-in templates

A part of one's own goes in `extra_sections` as
`<section class="part"><h2 id="h-NAME">Title</h2>...</section>` (it starts on a new
page and sets the running header), with a `toc_extra` entry linking to `#h-NAME`.
Blocks that want the packet's macros import them: `{% import "macros.html" as m
with context %}`. An override may also replace a file under sections/ by putting
one with the same path in templates_dir, but only the blocks above are a stable
interface.

Overrides are rendered in Jinja's sandbox, with autoescape and StrictUndefined,
and see the same context as the packet: `v` (the PacketView below), `profile`,
`firm`, `kb`, `sections`. Firm strings are only ever values in the context: they
are escaped on output and never compiled as templates. An error in an override is
reported as TEMPLATE:LINE:1 and fails that firm's packet only.
"""

from __future__ import annotations

import datetime as dt
import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
import jinja2.sandbox
from markupsafe import Markup

from generator import handoff
from generator import schema as s
from generator.errors import BuildError, InputError, Problem
from generator.model import KnowledgeBase, LoadedFirm

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "packet"
DEFAULT_BRAND = "#1f3a5f"  # navy

# The packet's parts after the cover and the contents, in order: (block id, heading).
SECTIONS: tuple[tuple[str, str], ...] = (
    ("engagement", "How this engagement works"),
    ("people", "Who\u2019s who"),
    ("scope", "Scope by practice area"),
    ("boundaries", "What the paralegal can and cannot do"),
    ("supervision", "Supervision and review"),
    ("communication", "Communication protocol"),
    ("handoff", "Hand-off schedule"),
    ("intake", "Work intake"),
    ("delivery", "Delivery of work product"),
    ("security", "Confidentiality and security"),
    ("billing", "Time tracking and billing"),
    ("quality", "Quality control and feedback"),
    ("plan", "30/60/90-day onboarding plan"),
    ("ethics", "Paralegal ethics checklist"),
    ("acknowledgement", "Acknowledgement"),
    ("appendix", "Appendix: fill-in templates"),
)
BLOCKS = ("head", "cover", "cover_note", "toc", "toc_extra", *(sid for sid, _ in SECTIONS), "extra_sections")

WEEKDAY_NAMES = {"Mon": "Monday", "Tue": "Tuesday", "Wed": "Wednesday", "Thu": "Thursday",
                 "Fri": "Friday", "Sat": "Saturday", "Sun": "Sunday"}  # fmt: skip
WEEKDAY_INDEX = {k: i for i, k in enumerate(WEEKDAY_NAMES)}


# --------------------------------------------------------------------------- formatting


def date_long(d: dt.date) -> str:
    """'January 4, 2027'."""
    return f"{d:%B} {d.day}, {d.year}"


def date_weekday(d: dt.date) -> str:
    """'Monday, January 4, 2027'."""
    return f"{d:%A}, {date_long(d)}"


def date_short(d: dt.date) -> str:
    """'Mon, Jan 4'."""
    return f"{d:%a}, {d:%b} {d.day}"


def clock(t: dt.datetime) -> str:
    """'17:00'."""
    return f"{t:%H:%M}"


def when(t: dt.datetime) -> str:
    """'Mon, Jan 4, 17:00'."""
    return f"{date_short(t.date())}, {clock(t)}"


def join_and(items: Iterable[Any]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    words = [str(i) for i in items]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def money(amount: float, currency: str) -> str:
    """'USD 45.00'."""
    return f"{currency} {amount:,.2f}"


def hours_apart(delta: dt.timedelta) -> str:
    """'16 hours ahead', '1 hour behind', '5½ hours ahead', 'the same time'."""
    minutes = int(delta.total_seconds() // 60)
    if minutes == 0:
        return "the same time"
    h, m = divmod(abs(minutes), 60)
    amount = f"{h}" + ("\u00bd" if m == 30 else f":{m:02d}" if m else "")
    unit = "hour" if (h, m) == (1, 0) else "hours"
    return f"{amount} {unit} {'ahead' if minutes > 0 else 'behind'}"


def zone_offset(at: dt.datetime) -> str:
    """'UTC−8': the offset in force at a local time."""
    return handoff.utc_offset(at.utcoffset() or dt.timedelta(0))


def duration(delta: dt.timedelta) -> str:
    """'8 hours', '1 hour', '7 hours 30 minutes'."""
    minutes = int(delta.total_seconds() // 60)
    h, m = divmod(abs(minutes), 60)
    parts = ([f"{h} hour{'s' if h != 1 else ''}"] if h else []) + ([f"{m} minutes"] if m else [])
    return " ".join(parts) or "0 minutes"


# --------------------------------------------------------------------------- colours


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    h = hex_colour.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def _luminance(rgb: tuple[float, float, float]) -> float:
    def ch(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (ch(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def brand_colours(colour: str | None) -> dict[str, str]:
    """The brand colour darkened until white text on it (and it on white) reaches 4.5:1, plus a pale tint."""
    r, g, b = (float(c) for c in _rgb(colour or DEFAULT_BRAND))
    while (1.05 / (_luminance((r, g, b)) + 0.05)) < 4.5:
        r, g, b = r * 0.9, g * 0.9, b * 0.9
    tint = tuple(round(255 - (255 - c) * 0.1) for c in (r, g, b))
    return {
        "brand": "#{:02x}{:02x}{:02x}".format(*(round(c) for c in (r, g, b))),
        "tint": "#{:02x}{:02x}{:02x}".format(*tint),
    }


# --------------------------------------------------------------------------- the view


@dataclass(frozen=True)
class Milestone:
    """A dated point of the 30/60/90-day plan."""

    day: int
    date: dt.date
    review_date: dt.date  # the date itself, or the next working day when it falls on a weekend


def _next_workday(d: dt.date) -> dt.date:
    while d.weekday() >= 5:
        d += dt.timedelta(days=1)
    return d


def _pick(items: Sequence[Any], ident: str, where: str) -> Any:
    for item in items:
        if item.id == ident:
            return item
    raise BuildError(f"{where} has no entry {ident!r}, which the onboarding packet needs")


class PacketView:
    """The profile and the knowledge base, looked up and arranged for the packet's templates."""

    def __init__(self, kb: KnowledgeBase, firm: LoadedFirm, prepared: dt.date) -> None:
        self.kb = kb
        self.loaded = firm
        self.profile = p = firm.profile
        self.firm = p.firm
        self.name = p.firm.name
        self.short = p.firm.short_name or p.firm.name
        self.provider = p.support.provider
        self.prepared = prepared
        self.start = p.start_date
        # Without a start date the plan and the hand-off are worked out from the prepared date.
        self.reference = p.start_date or prepared
        self.colours = brand_colours(p.firm.brand_color)
        self.areas = [kb.area(a) for a in p.practice_areas]
        self.approach = _pick(kb.support_models.approaches, p.support.approach, "data/support_models.yml approaches")
        self.provider_model = _pick(kb.support_models.providers, p.support.model, "data/support_models.yml providers")
        self.schedule = _pick(kb.support_models.schedules, p.support.schedule, "data/support_models.yml schedules")
        self.channels = [
            _pick(kb.communication.channels, c, "data/communication.yml channels") for c in p.communication.channels
        ]
        self.cadence = _pick(
            kb.communication.cadences, p.communication.status_updates, "data/communication.yml cadences"
        )
        self.methods = [_pick(kb.delivery.methods, m, "data/delivery.yml methods") for m in p.delivery.methods]
        self.systems = [_pick(kb.systems.items, x, "data/systems.yml") for x in p.systems]
        self.arrangement = _pick(kb.billing.arrangements, p.billing.arrangement, "data/billing.yml arrangements")
        self.cycle = _pick(kb.billing.cycles, p.billing.cycle, "data/billing.yml cycles")
        chosen = p.templates if p.templates is not None else [t.id for t in kb.templates]
        self.templates = [_pick(kb.templates, t, "data/templates/") for t in chosen]
        self.jurisdictions = list(p.firm.jurisdictions)
        self.provider_zone = p.support.timezone or p.firm.timezone
        self.handoff = handoff.schedule(
            p.firm.timezone,
            self.provider_zone,
            self.reference,
            phone_hours=handoff.parse_hours(p.communication.open_phone_hours),
            firm_hours=handoff.parse_hours(p.firm.working_hours),
            provider_hours=handoff.parse_hours(p.support.working_hours),
        )

    # ---------------------------------------------------------------- lookups

    def default(self, *loc: str) -> bool:
        """True when the profile left this field to its default."""
        return self.loaded.defaulted(*loc)

    def comm(self, ident: str) -> s.Practice:
        """A communication practice by id."""
        return _pick(self.kb.communication.practices, ident, "data/communication.yml practices")  # type: ignore[no-any-return]

    def delivery_practice(self, ident: str) -> s.Practice:
        """A delivery practice by id."""
        return _pick(self.kb.delivery.practices, ident, "data/delivery.yml practices")  # type: ignore[no-any-return]

    def billing_practice(self, ident: str) -> s.Practice:
        """A billing practice by id."""
        return _pick(self.kb.billing.practices, ident, "data/billing.yml practices")  # type: ignore[no-any-return]

    def delivery_method(self, ident: str) -> s.DeliveryMethod:
        """A delivery method by id (whether or not the profile chose it)."""
        return _pick(self.kb.delivery.methods, ident, "data/delivery.yml methods")  # type: ignore[no-any-return]

    def faq(self, ident: str) -> s.FaqItem:
        """An FAQ entry by id."""
        return _pick(self.kb.faq.items, ident, "data/faq.yml")  # type: ignore[no-any-return]

    def cites(self, ids: Iterable[str]) -> str:
        """Short citations of authorities, '; '-separated."""
        return "; ".join(self.kb.authority(i).cite for i in ids)

    def reviewed(self, *files: str) -> dt.date:
        """The latest review date among these data files (relative to data/)."""
        return max(self.kb.reviewed[f] for f in files)

    def has_template(self, ident: str) -> bool:
        """True when the packet's appendix includes this template."""
        return any(t.id == ident for t in self.templates)

    # ---------------------------------------------------------------- people

    def area_names(self, ids: Iterable[str]) -> list[str]:
        """Display names of practice-area ids."""
        return [self.kb.area(i).name for i in ids]

    def supervisors(self, area_id: str) -> list[Any]:
        """Attorneys who supervise an area; an attorney with no areas listed supervises all."""
        return [a for a in self.profile.supervising_attorneys if not a.practice_areas or area_id in a.practice_areas]

    @property
    def escalation(self) -> list[str]:
        """The escalation order: as written, or the supervising attorneys in the order listed."""
        return list(self.profile.communication.escalation) or [a.name for a in self.profile.supervising_attorneys]

    def person(self, name: str) -> Any:
        """The attorney or provider contact with this name."""
        people: list[Any] = [*self.profile.supervising_attorneys, *self.profile.support.contacts]
        for person in people:
            if person.name == name:
                return person
        return None

    @property
    def team_leads(self) -> list[Any]:
        """Provider contacts whose role mentions a lead or supervisor."""
        return [
            c
            for c in self.profile.support.contacts
            if c.role and ("lead" in c.role.lower() or "supervis" in c.role.lower())
        ]

    # ---------------------------------------------------------------- dates

    def plus(self, days: int) -> dt.date:
        """The reference date plus days."""
        return self.reference + dt.timedelta(days=days)

    @property
    def milestones(self) -> list[Milestone]:
        return [Milestone(n, self.plus(n), _next_workday(self.plus(n))) for n in (30, 60, 90)]

    @property
    def weekdays(self) -> str:
        """The status-update weekdays, in words."""
        return join_and(WEEKDAY_NAMES[d] + "s" for d in self.cadence.weekdays)

    def first_updates(self, n: int = 2) -> list[dt.date]:
        """The first n status-update dates on or after the reference date."""
        days = {WEEKDAY_INDEX[d] for d in self.cadence.weekdays}
        out: list[dt.date] = []
        d = self.reference
        while days and len(out) < n:
            if d.weekday() in days:
                out.append(d)
            d += dt.timedelta(days=1)
        return out

    @property
    def email_allowed(self) -> list[str]:
        """What plain email may carry, in words."""
        words = {"drafts": "drafts", "status-updates": "status updates", "questions": "questions",
                 "non-confidential": "material with no client confidences"}  # fmt: skip
        return [words[x] for x in self.profile.delivery.email_allowed_for]

    # ---------------------------------------------------------------- billing

    @property
    def rate(self) -> str | None:
        b = self.profile.billing
        if b.rate is None:
            return None
        per = {"hourly": "per hour", "flat": "per item", "block": "per hour", "retainer": "", "package": "per package"}
        return f"{money(b.rate, b.currency)} {per[b.arrangement]}".strip()

    @property
    def increment(self) -> str:
        m = self.profile.billing.increment_minutes
        return "by the minute (1-minute increments)" if m == 1 else f"in {m}-minute increments"

    # ---------------------------------------------------------------- scope and boundaries

    def tasks(self, area: s.PracticeArea, *kinds: str) -> list[s.Task]:
        """An area's tasks of these kinds, in data order."""
        return [t for t in area.tasks if t.kind in kinds]

    def boundaries(self, kind: str, group: str | None = None) -> list[s.Boundary]:
        return [b for b in self.kb.boundaries.items if b.kind == kind and (group is None or b.group == group)]

    def jurisdiction_notes(self, code: str) -> list[s.JurisdictionNote]:
        return [n for n in self.kb.ethics_checklist.jurisdiction_notes if n.jurisdiction == code]

    def checklist(self, phase: str) -> list[s.ChecklistItem]:
        """Ethics-checklist items of a phase that apply in the firm's jurisdictions."""
        return checklist_items(self.kb, phase, self.jurisdictions)

    # ---------------------------------------------------------------- templates

    def prefill(self, key: str | None) -> list[str]:
        """The profile's value(s) for a template field; several values mean 'tick one'."""
        p = self.profile
        contacts = p.support.contacts
        values: dict[str, list[str]] = {
            "firm.name": [self.name],
            "firm.short_name": [self.short],
            "provider": [self.provider],
            "provider.contact": [_contact(c) for c in contacts[:1]],
            "attorney.name": [a.name for a in p.supervising_attorneys],
            "attorney.email": [a.email for a in p.supervising_attorneys if a.email],
            "billing.rate": [self.rate] if self.rate else [],
            "billing.increment": [self.increment[0].upper() + self.increment[1:]],
            "billing.cycle": [self.cycle.name],
            "start_date": [date_long(self.start)] if self.start else [],
            "delivery.methods": [m.name for m in self.methods],
            "communication.channels": [c.name for c in self.channels],
        }
        return values.get(key or "", [])


def _contact(c: Any) -> str:
    return f"{c.name} ({c.email})" if c.email else c.name


def checklist_items(kb: KnowledgeBase, phase: str, jurisdictions: Iterable[str]) -> list[s.ChecklistItem]:
    """Items of a phase that apply everywhere or in one of these jurisdictions."""
    wanted = set(jurisdictions)
    return [
        i
        for i in kb.ethics_checklist.items
        if i.phase == phase and (not i.jurisdictions or wanted & set(i.jurisdictions))
    ]


# --------------------------------------------------------------------------- environment


FILTERS: dict[str, Callable[..., Any]] = {
    "date_long": date_long,
    "date_weekday": date_weekday,
    "date_short": date_short,
    "clock": clock,
    "when": when,
    "join_and": join_and,
    "hours_apart": hours_apart,
    "utc_offset": handoff.utc_offset,
    "zone_offset": zone_offset,
    "duration": duration,
    "city": handoff.zone_city,
}


def environment(templates_dir: Path | None = None) -> jinja2.Environment:
    """The packet's Jinja environment: autoescape, StrictUndefined, sandboxed; overrides first."""
    loaders: list[jinja2.BaseLoader] = []
    if templates_dir is not None:
        loaders.append(jinja2.FileSystemLoader(str(templates_dir)))
    loaders.append(jinja2.FileSystemLoader(str(TEMPLATES)))
    env = jinja2.sandbox.ImmutableSandboxedEnvironment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(FILTERS)
    return env


@lru_cache(maxsize=16)
def _cached_environment(templates_dir: Path | None) -> jinja2.Environment:
    return environment(templates_dir)


@lru_cache(maxsize=1)
def stylesheet() -> str:
    """The packet's print stylesheet (our own file, not data)."""
    return (TEMPLATES / "packet.css").read_text(encoding="utf-8")


def _where(filename: str) -> str:
    """A template's path as the user would type it (relative to the current folder when inside it)."""
    path = Path(filename)
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _render(env: jinja2.Environment, name: str, context: dict[str, Any], overrides: Path | None) -> str:
    """Render a template; turn template errors into problems that name the template and line."""
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateSyntaxError as e:
        filename, line, message = e.filename or name, e.lineno or 1, e.message or str(e)
    except jinja2.TemplateError as e:
        frames = [f for f in traceback.extract_tb(e.__traceback__) if f.filename.endswith(".html")]
        filename, line = (frames[-1].filename, frames[-1].lineno or 1) if frames else (name, 1)
        message = e.message or str(e)
    problem = Problem(_where(filename), line, 1, "", f"template error: {message}")
    # An error in a firm's own override is the firm's input; one in ours is a bug.
    if overrides is not None and Path(filename).resolve().is_relative_to(overrides):
        raise InputError([problem])
    raise BuildError(str(problem))


def render_packet(
    kb: KnowledgeBase,
    firm: LoadedFirm,
    *,
    prepared: dt.date,
    logo_uri: str | None = None,
    inline_css: bool = True,
    created: str | None = None,
) -> str:
    """Return the packet's HTML.

    `inline_css` embeds the stylesheet (for the HTML twin); the PDF writer passes the
    parsed stylesheet instead so that it is parsed once per worker. `logo_uri` is a
    data: URI of the firm's logo, read by the caller. `created` is the W3C date put
    in the document metadata (dcterms.created / modified).
    """
    overrides = (firm.path.parent / firm.profile.templates_dir).resolve() if firm.profile.templates_dir else None
    env = _cached_environment(overrides)
    view = PacketView(kb, firm, prepared)
    context: dict[str, Any] = {
        "v": view,
        "kb": kb,
        "profile": firm.profile,
        "firm": firm.profile.firm,
        "sections": [{"id": sid, "title": title, "number": i} for i, (sid, title) in enumerate(SECTIONS, start=1)],
        "titles": dict(SECTIONS),
        "logo_uri": logo_uri,
        "css": Markup(stylesheet()) if inline_css else None,
        "created": created,
        "document_title": f"{view.name}: onboarding packet for {view.provider}",
    }
    return _render(env, "main.html", context, overrides)


def render_checklist(kb: KnowledgeBase, jurisdictions: Sequence[str], *, prepared: dt.date,
                     inline_css: bool = True, created: str | None = None) -> str:  # fmt: skip
    """Return the printable ethics checklist's HTML for these jurisdictions (empty: items that apply everywhere)."""
    env = _cached_environment(None)
    ec = kb.ethics_checklist
    phases = [(ph, checklist_items(kb, ph.id, jurisdictions)) for ph in ec.phases]
    suffix = f" ({', '.join(jurisdictions)})" if jurisdictions else ""
    context: dict[str, Any] = {
        "kb": kb,
        "phases": phases,
        "notes": [n for n in ec.jurisdiction_notes if n.jurisdiction in jurisdictions],
        "jurisdictions": list(jurisdictions),
        "cites": lambda ids: "; ".join(kb.authority(i).cite for i in ids),
        "prepared": prepared,
        "reviewed": kb.reviewed["ethics_checklist.yml"],
        "version": ec.version,
        "colours": brand_colours(None),
        "css": Markup(stylesheet()) if inline_css else None,
        "created": created,
        "document_title": f"Paralegal ethics checklist{suffix}",
    }
    return _render(env, "checklist.html", context, None)
