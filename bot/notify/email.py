"""The practice's notification email, and sending it over SMTP.

The message says only that an urgent intake is waiting and where to read it: mail crosses
servers the practice does not control, so no name, no health information, no client words.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate
from urllib.parse import quote

from bot.config import Settings
from bot.errors import NotificationRejected, NotificationUnavailable

SUBJECT = "Urgent intake waiting for review"
DEFAULT_TIMEOUT_SECONDS = 10.0


def intake_link(*, settings: Settings, intake_id: str) -> str:
    return f"{settings.dashboard_url.rstrip('/')}/intakes/{quote(intake_id, safe='')}"


def recipient(settings: Settings) -> str:
    return settings.notify_to or settings.practice.email


def urgent_intake_message(*, settings: Settings, intake_id: str, outbox_id: str) -> EmailMessage:
    to = recipient(settings)
    sender = settings.notify_from or to
    message = EmailMessage()
    message["Subject"] = SUBJECT
    message["From"] = sender
    message["To"] = to
    message["Date"] = formatdate(localtime=False)
    # The same Message-ID on a resend lets mail clients fold a duplicate into the first copy.
    message["Message-ID"] = f"<urgent-{outbox_id}@{sender.rpartition('@')[2] or 'localhost'}>"
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(
        "An intake marked urgent is waiting for review.\n"
        "\n"
        f"Open it on the dashboard: {intake_link(settings=settings, intake_id=intake_id)}\n"
        "\n"
        "This email deliberately contains no client information; sign in to the dashboard to "
        "read the intake.\n"
    )
    return message


def send(message: EmailMessage, *, settings: Settings, timeout: float = DEFAULT_TIMEOUT_SECONDS) -> None:
    """Hands the message to the configured SMTP server.

    Raises `NotificationRejected` on a permanent (5xx) refusal and `NotificationUnavailable` on
    anything else (server down, timeout, 4xx, broken TLS).
    """
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=timeout) as client:
            if settings.smtp_starttls:
                client.starttls(context=ssl.create_default_context())
            if settings.smtp_user:
                client.login(settings.smtp_user, settings.smtp_password)
            client.send_message(message)
    except OSError as error:  # smtplib.SMTPException, socket errors and ssl.SSLError all are
        name = type(error).__name__
        if _is_permanent(error):
            raise NotificationRejected(f"The mail server refused the notification ({name}).") from error
        raise NotificationUnavailable(f"The notification could not be sent ({name}).") from error


def _is_permanent(error: OSError) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        return bool(codes) and all(code >= 500 for code in codes)
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    return False
