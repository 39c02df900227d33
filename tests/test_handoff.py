"""The hand-off schedule: time-zone arithmetic for real plan dates, daylight-saving time included."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.handoff import parse_hours, schedule, utc_offset, zone_city
from generator.render.packet import duration, hours_apart


def hm(t: dt.datetime) -> str:
    return t.strftime("%a %H:%M")


def test_los_angeles_to_manila_is_an_overnight_cycle_in_winter() -> None:
    s = schedule("America/Los_Angeles", "Asia/Manila", dt.date(2027, 1, 4), phone_hours=parse_hours("09:00-17:00"))
    first = s.periods[0]
    assert (first.first, first.difference) == (dt.date(2027, 1, 4), dt.timedelta(hours=16))
    e = first.example
    assert e is not None
    # Handed over Monday 17:00 in LA = Tuesday 09:00 in Manila; worked until 17:00 Manila = 01:00 LA.
    assert (hm(e.handed_over.firm), hm(e.handed_over.provider)) == ("Mon 17:00", "Tue 09:00")
    assert (hm(e.shift.start.provider), hm(e.shift.end.provider)) == ("Tue 09:00", "Tue 17:00")
    assert (hm(e.ready_by.firm), hm(e.firm_next_open.firm)) == ("Tue 01:00", "Tue 09:00")
    assert e.ready_before_open and e.margin == dt.timedelta(hours=8)
    assert first.shared == ()
    # Open-phone hours 09:00-17:00 LA are 01:00-09:00 the next day in Manila, outside its working day.
    assert (hm(first.phone.start.provider), hm(first.phone.end.provider)) == ("Tue 01:00", "Tue 09:00")
    assert not first.phone_in_provider_hours
    assert s.overnight and not s.overlapping and not s.same_zone


def test_daylight_saving_time_moves_the_clock_times_on_the_right_date() -> None:
    s = schedule("America/Los_Angeles", "Asia/Manila", dt.date(2027, 1, 4))
    assert [(p.first, p.last, p.difference) for p in s.periods] == [
        (dt.date(2027, 1, 4), dt.date(2027, 3, 13), dt.timedelta(hours=16)),
        (dt.date(2027, 3, 14), dt.date(2027, 4, 4), dt.timedelta(hours=15)),
    ]
    spring = s.periods[1].example
    assert spring is not None
    assert spring.handed_over.firm.date() == dt.date(2027, 3, 15)
    assert (hm(spring.handed_over.firm), hm(spring.handed_over.provider)) == ("Mon 17:00", "Tue 08:00")
    assert (hm(spring.shift.start.firm), hm(spring.shift.end.firm)) == ("Mon 18:00", "Tue 02:00")
    assert spring.ready_before_open and spring.margin == dt.timedelta(hours=7)
    [change] = s.clock_changes
    assert (change.day, change.zone, change.side) == (dt.date(2027, 3, 14), "America/Los_Angeles", "firm")
    assert (utc_offset(change.before), utc_offset(change.after)) == ("UTC\u22128", "UTC\u22127")
    assert s.difference_changes


def test_first_week_uses_real_dates_and_a_friday_handoff_waits_for_monday() -> None:
    s = schedule("America/Los_Angeles", "Asia/Manila", dt.date(2027, 1, 4))
    assert [d.handed_over.firm.date() for d in s.first_week] == [dt.date(2027, 1, d) for d in (4, 5, 6, 7, 8)]
    friday = s.first_week[-1]
    # Friday 17:00 LA is Saturday 09:00 in Manila: no shift until Monday 09:00 Manila (Sunday 17:00 LA).
    assert (hm(friday.shift.start.provider), hm(friday.shift.start.firm)) == ("Mon 09:00", "Sun 17:00")
    assert (hm(friday.ready_by.firm), hm(friday.firm_next_open.firm)) == ("Mon 01:00", "Mon 09:00")
    assert friday.ready_before_open


def test_a_weekend_start_date_begins_the_first_week_on_monday() -> None:
    s = schedule("America/New_York", "Asia/Kolkata", dt.date(2027, 5, 1))  # a Saturday
    assert s.first_week[0].handed_over.firm.date() == dt.date(2027, 5, 3)


def test_neighbouring_zones_share_hours_and_keep_them_through_a_common_dst_change() -> None:
    s = schedule("America/Chicago", "America/Denver", dt.date(2027, 2, 1), phone_hours=parse_hours("08:30-16:30"))
    # Both zones change on 2027-03-14, so the distance stays one hour: one period, two clock changes.
    assert len(s.periods) == 1 and [c.zone for c in s.clock_changes] == ["America/Chicago", "America/Denver"]
    [shared] = s.periods[0].shared
    assert (shared.start.firm.strftime("%H:%M"), shared.end.firm.strftime("%H:%M")) == ("10:00", "17:00")
    assert (shared.start.provider.strftime("%H:%M"), shared.end.provider.strftime("%H:%M")) == ("09:00", "16:00")
    assert shared.hours == 7
    assert s.overlapping and not s.overnight
    e = s.periods[0].example
    assert e is not None and not e.ready_before_open
    # 08:30 Chicago is 07:30 Denver: before the provider's day starts.
    assert not s.periods[0].phone_in_provider_hours


def test_different_dst_dates_give_three_periods_with_the_right_shared_window() -> None:
    s = schedule("Europe/London", "America/New_York", dt.date(2027, 3, 1))
    windows = [[(o.start.firm.strftime("%H:%M"), o.end.firm.strftime("%H:%M")) for o in p.shared] for p in s.periods]
    assert [(p.first, p.last) for p in s.periods] == [
        (dt.date(2027, 3, 1), dt.date(2027, 3, 13)),
        (dt.date(2027, 3, 14), dt.date(2027, 3, 27)),
        (dt.date(2027, 3, 28), dt.date(2027, 5, 30)),
    ]
    assert windows == [[("14:00", "17:00")], [("13:00", "17:00")], [("14:00", "17:00")]]


def test_southern_hemisphere_dst_ends_in_april() -> None:
    s = schedule("America/New_York", "Australia/Sydney", dt.date(2027, 3, 1))
    changes = [(c.day, c.zone) for c in s.clock_changes]
    assert (dt.date(2027, 3, 14), "America/New_York") in changes
    assert (dt.date(2027, 4, 4), "Australia/Sydney") in changes
    assert [p.difference for p in s.periods] == [dt.timedelta(hours=16), dt.timedelta(hours=15), dt.timedelta(hours=14)]


def test_same_zone_shares_the_whole_day() -> None:
    s = schedule("America/Chicago", "America/Chicago", dt.date(2027, 2, 1))
    assert s.same_zone and s.overlapping and not s.overnight
    [shared] = s.periods[0].shared
    assert shared.hours == 8
    assert s.periods[0].phone_in_provider_hours


def test_half_hour_zone_and_midnight_end() -> None:
    s = schedule("America/New_York", "Asia/Kolkata", dt.date(2027, 1, 11), phone_hours=parse_hours("16:00-24:00"))
    p = s.periods[0]
    assert p.difference == dt.timedelta(hours=10, minutes=30)
    assert hours_apart(p.difference) == "10\u00bd hours ahead"
    assert (p.phone.end.firm.strftime("%a %H:%M")) == "Tue 00:00"
    assert utc_offset(dt.timedelta(hours=5, minutes=30)) == "UTC+5:30"
    e = p.example
    assert e is not None and e.ready_before_open  # 09:00-17:00 IST is 22:30-06:30 in New York


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (dt.timedelta(0), "the same time"),
        (dt.timedelta(hours=1), "1 hour ahead"),
        (dt.timedelta(hours=-6), "6 hours behind"),
        (dt.timedelta(hours=5, minutes=45), "5:45 hours ahead"),
    ],
)
def test_hours_apart(delta: dt.timedelta, text: str) -> None:
    assert hours_apart(delta) == text


def test_small_formatters() -> None:
    assert zone_city("America/Los_Angeles") == "Los Angeles"
    assert utc_offset(dt.timedelta(0)) == "UTC\u00b10"
    assert duration(dt.timedelta(hours=7, minutes=30)) == "7 hours 30 minutes"
    assert duration(dt.timedelta(hours=1)) == "1 hour"
