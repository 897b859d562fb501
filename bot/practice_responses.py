"""The practice-specific messages, rendered from the practice config into Rasa responses.

They live in the trained model (not in a custom action) so that the greeting, the contact
details and the crisis resources reach the client even when the action server is down.
"""

from __future__ import annotations

from typing import Any

from bot.config import Practice


def crisis_lines(practice: Practice) -> str:
    lines = []
    for resource in practice.crisis_resources:
        line = f"• {resource.name}: {resource.how}"
        if resource.url:
            line += f" ({resource.url})"
        lines.append(line)
    return "\n".join(lines)


def contact_text(practice: Practice) -> str:
    return f"You can reach {practice.name} at {practice.phone} or {practice.email} ({practice.hours})."


def self_harm_not_ruled_out(practice: Practice, how: str) -> str:
    """The reply to "idk" or "I'd rather not say" at the self-harm question: no pressure, what
    happens next, and where help is (sent by the action server, so not in the trained model)."""
    if how == "declined":
        opening = (
            "That's completely okay, you don't have to answer. Your therapist may gently ask about it "
            "when you meet."
        )
    else:
        opening = (
            "That's okay, it can be a hard question to answer. I'll let your therapist know, so you can "
            "talk it through together in private."
        )
    return (
        f"{opening} If you ever have thoughts of harming yourself or that life isn't worth living, you "
        f"don't have to wait for your appointment:\n{crisis_lines(practice)}"
    )


def _button(title: str, payload: str | None = None) -> dict[str, str]:
    return {"title": title, "payload": payload or title}


def render_responses(practice: Practice) -> dict[str, list[dict[str, Any]]]:
    offices = ", ".join(practice.location_names)
    return {
        "utter_greet": [
            {
                "text": (
                    f"Hi, and welcome. I'm the automated intake assistant for {practice.name}: "
                    "not a therapist, just a private way to share some background before your "
                    "first session, at your own pace.\n\n"
                    f"{practice.notice_text}\n\n"
                    "If you are in crisis or in danger right now, please don't wait:\n"
                    f"{crisis_lines(practice)}"
                )
            }
        ],
        "utter_ask_consent_given": [
            {
                "text": "Is it okay with you to continue?",
                "buttons": [_button("Yes, continue", "yes"), _button("No thanks", "no")],
            }
        ],
        "utter_ask_location": [
            {
                "text": f"Which office works best for you? We're in {offices}.",
                "buttons": [_button(name) for name in practice.location_names],
            }
        ],
        "utter_human_handoff": [
            {
                "text": (
                    f"Of course. {contact_text(practice)} "
                    "I'm happy to keep going with the questions whenever you like."
                )
            }
        ],
        "utter_crisis_resources": [
            {
                "text": (
                    "Thank you for telling me. I'm really glad you reached out, and what you're "
                    "going through matters. You don't have to handle this alone. Please reach "
                    "out to someone who can help right now:\n"
                    f"{crisis_lines(practice)}"
                )
            }
        ],
        "utter_underage": [
            {
                "text": (
                    f"Thank you for reaching out. {practice.name} works with adults 18 and over, "
                    "so I can't continue the intake, and nothing you typed has been kept. "
                    "If you'd like to talk to someone, these are free and confidential:\n"
                    f"{crisis_lines(practice)}"
                )
            }
        ],
        # The article says nothing about money: the honest answer is where to ask.
        "utter_faq/fees_and_insurance": [
            {
                "text": (
                    "I don't have the practice's fees or insurance details in this chat, sorry. "
                    "The team can go over costs, insurance and payment with you when they get in "
                    f"touch, or you can ask them now. {contact_text(practice)}"
                )
            }
        ],
        "utter_closing": [
            {
                "text": (
                    "Thank you. That's everything, and it's been shared securely with the "
                    f"practice. Someone from {practice.short_name} will contact you within "
                    f"{practice.response_business_days} business days to schedule your first "
                    "session. In the meantime, feel free to ask me anything about therapy. "
                    f"{contact_text(practice)}"
                )
            }
        ],
    }
