"""What the widget is shown of a conversation: Rasa's replies and tracker events as plain messages."""

from __future__ import annotations

from bot.web.assistant import (
    BUTTON_TITLE,
    STARTED_BY_WIDGET,
    Button,
    Message,
    assistant_messages,
    messages_from_events,
    offered_buttons,
)


def _user(text: str, **metadata: object) -> dict:
    return {"event": "user", "text": text, "metadata": metadata}


def _bot(text: str, buttons: list[dict] | None = None) -> dict:
    return {"event": "bot", "text": text, "data": {"buttons": buttons}}


def test_rest_replies_keep_only_text_and_well_formed_buttons() -> None:
    replies = [
        {
            "recipient_id": "x",
            "text": "Pronouns?",
            "buttons": [{"title": "she/her", "payload": "she/her"}, {"title": "broken"}, "junk"],
        },
        {"recipient_id": "x", "image": "https://example.test/cat.png"},
        "junk",
    ]

    assert assistant_messages(replies) == [Message("assistant", "Pronouns?", (Button("she/her", "she/her"),))]


def test_history_shows_what_was_said_without_the_widgets_automatic_start() -> None:
    events = [
        {"event": "action", "name": "action_listen"},
        _user("hi", **{STARTED_BY_WIDGET: True}),
        _bot("Welcome.", [{"title": "Yes, continue", "payload": "yes"}]),
        _user("yes", **{BUTTON_TITLE: "Yes, continue"}),
        {"event": "slot", "name": "consent_given", "value": True},
        _bot("How old are you?"),
        _user("45"),
    ]

    assert messages_from_events(events) == [
        Message("assistant", "Welcome.", (Button("Yes, continue", "yes"),)),
        Message("client", "Yes, continue"),
        Message("assistant", "How old are you?"),
        Message("client", "45"),
    ]


def test_history_leaves_out_everything_before_the_client_deleted_their_answers() -> None:
    events = [
        _user("My name is Test Lima"),
        _bot("Thanks."),
        _user("yes"),
        {"event": "action", "name": "action_delete_data"},
        _bot("Done. Everything you shared in this chat has been deleted."),
    ]

    assert messages_from_events(events) == [
        Message("assistant", "Done. Everything you shared in this chat has been deleted.")
    ]


def test_only_the_buttons_offered_since_the_client_last_spoke_are_open() -> None:
    earlier = Message("assistant", "Pronouns?", (Button("Skip", "skip"),))
    messages = [
        earlier,
        Message("client", "she/her"),
        Message("assistant", "Noted."),
        Message(
            "assistant", "Email or phone?", (Button("Email", "email"), Button("Phone call", "phone call"))
        ),
    ]

    assert offered_buttons(messages) == (Button("Email", "email"), Button("Phone call", "phone call"))
    assert offered_buttons([earlier, Message("client", "skip")]) == ()
