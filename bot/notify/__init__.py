"""Telling the practice that an urgent intake is waiting, through a persistent outbox.

    enqueue_urgent_notice(...)   records the notice (idempotent per disclosure)
    deliver_due(...)             sends what is due, retries failures with backoff
    run_forever(...)             the `intake notify-worker` loop

The emails carry no health information and no client data: only that an urgent intake is
waiting, and a link to it on the dashboard, where the therapist signs in to read it.
"""
