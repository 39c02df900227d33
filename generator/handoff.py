"""Time-zone arithmetic for the hand-off schedule: pure, zoneinfo-based, DST-correct.

The firm and the provider each work `BUSINESS_HOURS` local time, Monday to Friday,
unless the caller passes other hours (the firm profile has no field for them yet,
so the packet states the assumption). From the two zones this module works out,
for the real dates of the onboarding plan:

- when work handed over at the firm's close is picked up and when it is ready,
  and whether that is before the firm opens again (the overnight cycle);
- the hours both sides are at work (the shared window), if any;
- the firm's open-phone hours in both zones;
- where either zone changes its UTC offset (daylight-saving time) during the
  plan, so that every clock time shown is right for the dates it covers.

Every instant is kept as an aware UTC datetime together with its local time in
each zone (`Moment`); formatting is left to the renderer.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from zoneinfo import ZoneInfo

BUSINESS_HOURS: tuple[dt.time, dt.time] = (dt.time(9, 0), dt.time(17, 0))
WORKDAYS = frozenset(range(5))  # Monday..Friday, in each side's own calendar
PLAN_DAYS = 90


@dataclass(frozen=True)
class Moment:
    """One instant, with its wall-clock time at the firm and at the provider."""

    utc: dt.datetime
    firm: dt.datetime
    provider: dt.datetime


@dataclass(frozen=True)
class Span:
    """A stretch of time between two moments."""

    start: Moment
    end: Moment

    @property
    def hours(self) -> float:
        """Length in hours."""
        return (self.end.utc - self.start.utc).total_seconds() / 3600


@dataclass(frozen=True)
class HandoffDay:
    """What happens to work handed over at the firm's close on one firm working day."""

    handed_over: Moment  # the firm's close of business that day
    shift: Span  # the provider's next full shift that starts at or after the hand-over
    firm_next_open: Moment  # the firm's next opening after the hand-over

    @property
    def ready_by(self) -> Moment:
        """When a shift's worth of work is done: the end of that shift."""
        return self.shift.end

    @property
    def margin(self) -> dt.timedelta:
        """How long before the firm's next opening the work is ready (negative: after it)."""
        return self.firm_next_open.utc - self.shift.end.utc

    @property
    def ready_before_open(self) -> bool:
        """True when the work is ready before the firm opens again (the overnight cycle)."""
        return self.shift.end.utc <= self.firm_next_open.utc


@dataclass(frozen=True)
class Period:
    """A run of plan dates during which the provider's clock is the same distance from the firm's."""

    first: dt.date  # firm calendar dates, inclusive
    last: dt.date
    difference: dt.timedelta  # provider's clock minus the firm's clock
    example: HandoffDay | None  # a typical midweek hand-off in this period
    firm_day: Span  # the firm's working day on the example date
    provider_day: Span  # the provider's working day on the same calendar date, its own clock
    shared: tuple[Span, ...]  # hours both sides are at work on the example day
    phone: Span  # the firm's open-phone hours on the example day
    phone_in_provider_hours: bool  # whether the provider is at work throughout those hours


@dataclass(frozen=True)
class ClockChange:
    """A change of UTC offset (daylight-saving time) in one zone during the plan."""

    day: dt.date  # the first local date with the new offset
    side: str  # "firm" or "provider"
    zone: str
    before: dt.timedelta
    after: dt.timedelta


@dataclass(frozen=True)
class HandoffSchedule:
    """The hand-off schedule of one engagement over the dates of its onboarding plan."""

    firm_zone: str
    provider_zone: str
    firm_hours: tuple[dt.time, dt.time]
    provider_hours: tuple[dt.time, dt.time]
    phone_hours: tuple[dt.time, dt.time]
    first: dt.date
    last: dt.date
    periods: tuple[Period, ...]
    first_week: tuple[HandoffDay, ...]
    clock_changes: tuple[ClockChange, ...]

    @property
    def same_zone(self) -> bool:
        """True when both sides keep the same clock on every plan date."""
        return all(p.difference == dt.timedelta(0) for p in self.periods)

    @property
    def overnight(self) -> bool:
        """True when, in every period, midweek work handed over at close is ready before the firm opens."""
        return all(p.example is not None and p.example.ready_before_open for p in self.periods)

    @property
    def overlapping(self) -> bool:
        """True when the two sides share working hours in every period."""
        return all(p.shared for p in self.periods)

    @property
    def difference_changes(self) -> bool:
        """True when the distance between the two clocks changes during the plan."""
        return len(self.periods) > 1


def parse_hours(text: str) -> tuple[dt.time, dt.time]:
    """Parse 'HH:MM-HH:MM' (validated by the profile schema); '24:00' means midnight at the end."""
    start, end = text.split("-")
    return _clock(start), _clock(end)


def _clock(text: str) -> dt.time:
    hh, mm = (int(x) for x in text.split(":"))
    return dt.time.max if hh == 24 else dt.time(hh, mm)


def _local(day: dt.date, at: dt.time, zone: ZoneInfo) -> dt.datetime:
    """The instant a wall clock in zone shows `at` on `day` (as UTC)."""
    if at == dt.time.max:  # 24:00: the start of the next day
        return _local(day + dt.timedelta(days=1), dt.time(0), zone)
    local = dt.datetime.combine(day, at, tzinfo=zone)
    # A time skipped by a spring-forward gap does not exist; zoneinfo maps it by the
    # offset before the gap, which lands it after the gap: the clock's next real minute.
    return local.astimezone(dt.UTC)


class _Zones:
    """The pair of zones, turning UTC instants into Moments."""

    def __init__(self, firm: str, provider: str) -> None:
        self.firm = ZoneInfo(firm)
        self.provider = ZoneInfo(provider)

    def moment(self, utc: dt.datetime) -> Moment:
        return Moment(utc=utc, firm=utc.astimezone(self.firm), provider=utc.astimezone(self.provider))

    def span(self, start: dt.datetime, end: dt.datetime) -> Span:
        return Span(self.moment(start), self.moment(end))


def _provider_shifts(z: _Zones, hours: tuple[dt.time, dt.time], around: dt.datetime, days: int) -> list[Span]:
    """The provider's shifts on its working days from the day before `around` for `days` days."""
    first = around.astimezone(z.provider).date() - dt.timedelta(days=1)
    shifts = []
    for i in range(days):
        day = first + dt.timedelta(days=i)
        if day.weekday() in WORKDAYS:
            shifts.append(z.span(_local(day, hours[0], z.provider), _local(day, hours[1], z.provider)))
    return shifts


def _firm_open_after(z: _Zones, hours: tuple[dt.time, dt.time], after: dt.datetime) -> dt.datetime:
    day = after.astimezone(z.firm).date()
    for i in range(10):
        d = day + dt.timedelta(days=i)
        if d.weekday() in WORKDAYS:
            opening = _local(d, hours[0], z.firm)
            if opening > after:
                return opening
    raise AssertionError("no firm working day within ten days")  # pragma: no cover


def _handoff(
    z: _Zones, day: dt.date, firm_hours: tuple[dt.time, dt.time], provider_hours: tuple[dt.time, dt.time]
) -> HandoffDay:
    close = _local(day, firm_hours[1], z.firm)
    shift = next(s for s in _provider_shifts(z, provider_hours, close, 12) if s.start.utc >= close)
    return HandoffDay(
        handed_over=z.moment(close),
        shift=shift,
        firm_next_open=z.moment(_firm_open_after(z, firm_hours, close)),
    )


def _overlap(a: Span, b: Span, z: _Zones) -> Span | None:
    start = max(a.start.utc, b.start.utc)
    end = min(a.end.utc, b.end.utc)
    return z.span(start, end) if end > start else None


def schedule(
    firm_zone: str,
    provider_zone: str,
    start: dt.date,
    *,
    phone_hours: tuple[dt.time, dt.time] = BUSINESS_HOURS,
    firm_hours: tuple[dt.time, dt.time] = BUSINESS_HOURS,
    provider_hours: tuple[dt.time, dt.time] = BUSINESS_HOURS,
    days: int = PLAN_DAYS,
) -> HandoffSchedule:
    """Work out the hand-off schedule for the firm dates start .. start + days."""
    z = _Zones(firm_zone, provider_zone)
    last = start + dt.timedelta(days=days)

    def offset(day: dt.date, zone: ZoneInfo) -> dt.timedelta:
        # Noon is clear of every DST switch (they happen at night), so it gives the day's offset.
        return dt.datetime.combine(day, dt.time(12), tzinfo=zone).utcoffset() or dt.timedelta(0)

    dates = [start + dt.timedelta(days=i) for i in range(days + 1)]
    changes: list[ClockChange] = []
    for side, name, zone in (("firm", firm_zone, z.firm), ("provider", provider_zone, z.provider)):
        for before, day in itertools.pairwise(dates):
            if offset(before, zone) != offset(day, zone):
                changes.append(ClockChange(day, side, name, offset(before, zone), offset(day, zone)))

    runs: list[tuple[dt.date, dt.date, dt.timedelta]] = []
    for day in dates:
        key = offset(day, z.provider) - offset(day, z.firm)
        if runs and runs[-1][2] == key:
            runs[-1] = (runs[-1][0], day, key)
        else:
            runs.append((day, day, key))

    periods = []
    for first, end, difference in runs:
        span_days = [first + dt.timedelta(days=i) for i in range((end - first).days + 1)]
        workdays = [d for d in span_days if d.weekday() in WORKDAYS]
        # A Monday-to-Thursday example keeps weekends out of the typical cycle.
        midweek = [d for d in workdays if d.weekday() < 4]
        ex_day = (midweek or workdays or span_days)[0]
        example = _handoff(z, ex_day, firm_hours, provider_hours) if workdays else None
        firm_day = z.span(_local(ex_day, firm_hours[0], z.firm), _local(ex_day, firm_hours[1], z.firm))
        provider_day = z.span(
            _local(ex_day, provider_hours[0], z.provider), _local(ex_day, provider_hours[1], z.provider)
        )
        shifts = _provider_shifts(z, provider_hours, firm_day.start.utc, 3)
        shared = tuple(o for s in shifts if (o := _overlap(firm_day, s, z)) is not None)
        phone = z.span(_local(ex_day, phone_hours[0], z.firm), _local(ex_day, phone_hours[1], z.firm))
        covered = any(s.start.utc <= phone.start.utc and phone.end.utc <= s.end.utc for s in shifts)
        periods.append(
            Period(
                first=first,
                last=end,
                difference=difference,
                example=example,
                firm_day=firm_day,
                provider_day=provider_day,
                shared=shared,
                phone=phone,
                phone_in_provider_hours=covered,
            )
        )

    week: list[HandoffDay] = []
    day = start
    while len(week) < 5:
        if day.weekday() in WORKDAYS:
            week.append(_handoff(z, day, firm_hours, provider_hours))
        day += dt.timedelta(days=1)

    return HandoffSchedule(
        firm_zone=firm_zone,
        provider_zone=provider_zone,
        firm_hours=firm_hours,
        provider_hours=provider_hours,
        phone_hours=phone_hours,
        first=start,
        last=last,
        periods=tuple(periods),
        first_week=tuple(week),
        clock_changes=tuple(sorted(changes, key=lambda c: (c.day, c.side))),
    )


def utc_offset(delta: dt.timedelta) -> str:
    """Format an offset as 'UTC−8', 'UTC+5:30', 'UTC±0' (true minus sign)."""
    minutes = int(delta.total_seconds() // 60)
    if minutes == 0:
        return "UTC±0"
    sign = "+" if minutes > 0 else "\u2212"
    h, m = divmod(abs(minutes), 60)
    return f"UTC{sign}{h}" + (f":{m:02d}" if m else "")


def zone_city(zone: str) -> str:
    """A readable place name for an IANA zone: 'America/Los_Angeles' -> 'Los Angeles'."""
    return zone.rsplit("/", 1)[-1].replace("_", " ")
