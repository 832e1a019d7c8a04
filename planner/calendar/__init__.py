"""Business days: public holidays and company closures, RRULE and "Nth business day" schedules, the
shift to a business day, and a schedule in words."""
