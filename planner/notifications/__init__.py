"""Reminders through the outbox (planning, dispatch, the mailer, webhooks), the daily digest and the
inbox."""
