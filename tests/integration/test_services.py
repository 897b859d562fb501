from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from bot.store.services import delete_conversation, get_summary, save_summary
from bot.store.unit_of_work import AbstractUnitOfWork

MakeSummary = Callable[..., dict[str, Any]]
MakeTranscript = Callable[..., list[dict[str, str]]]
NOON = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)


def stored_row(uow: AbstractUnitOfWork, conversation_id: str) -> Any:
    with uow:
        return uow.intakes.get_by_conversation(conversation_id)


def test_a_saved_summary_comes_back_the_same(
    any_uow: AbstractUnitOfWork, make_summary: MakeSummary, make_transcript: MakeTranscript
) -> None:
    summary = make_summary()

    save_summary(uow=any_uow, summary=summary, transcript=make_transcript("hi"))

    assert get_summary(uow=any_uow, conversation_id="conversation-1", with_transcript=False) == summary


def test_the_first_save_creates_the_row_under_the_summarys_intake_id(
    any_uow: AbstractUnitOfWork, make_summary: MakeSummary
) -> None:
    summary = make_summary(urgent=True)

    save_summary(uow=any_uow, summary=summary, transcript=[], now=NOON)

    row = stored_row(any_uow, "conversation-1")
    assert (row.id, row.status, row.urgent, row.version) == (
        summary["intake_id"], "in_progress", True, 1,
    )  # fmt: skip
    assert row.created_at == row.updated_at == NOON
    assert row.created_at.tzinfo is not None
    assert row.completed_at is None


def test_an_unknown_conversation_has_no_summary(any_uow: AbstractUnitOfWork) -> None:
    assert get_summary(uow=any_uow, conversation_id="nobody", with_transcript=True) is None


def test_a_second_save_updates_the_row_and_bumps_its_version(
    any_uow: AbstractUnitOfWork, make_summary: MakeSummary, make_transcript: MakeTranscript
) -> None:
    save_summary(uow=any_uow, summary=make_summary(), transcript=make_transcript("hi"), now=NOON)
    later = NOON + timedelta(minutes=12)
    completed = make_summary(status="complete", urgent=True, goals="Talk without fighting")

    save_summary(uow=any_uow, summary=completed, transcript=make_transcript("hi", "yes"), now=later)

    row = stored_row(any_uow, "conversation-1")
    assert (row.status, row.urgent, row.version) == ("complete", True, 2)
    assert (row.created_at, row.updated_at, row.completed_at) == (NOON, later, later)
    assert get_summary(uow=any_uow, conversation_id="conversation-1", with_transcript=False) == completed


def test_completed_at_is_taken_from_the_summary_when_it_has_one(
    any_uow: AbstractUnitOfWork, make_summary: MakeSummary
) -> None:
    summary = make_summary(status="complete", completed_at="2026-11-20T19:14:40Z")

    save_summary(uow=any_uow, summary=summary, transcript=[], now=NOON)

    assert stored_row(any_uow, "conversation-1").completed_at == datetime(
        2026, 11, 20, 19, 14, 40, tzinfo=timezone.utc
    )


def test_saving_the_same_content_twice_changes_nothing(
    any_uow: AbstractUnitOfWork, make_summary: MakeSummary, make_transcript: MakeTranscript
) -> None:
    save_summary(uow=any_uow, summary=make_summary(), transcript=make_transcript("hi"), now=NOON)

    save_summary(
        uow=any_uow, summary=make_summary(), transcript=make_transcript("hi"), now=NOON + timedelta(hours=1)
    )

    row = stored_row(any_uow, "conversation-1")
    assert (row.version, row.updated_at) == (1, NOON)


def test_the_transcript_comes_back_only_when_asked_for(
    any_uow: AbstractUnitOfWork, make_summary: MakeSummary, make_transcript: MakeTranscript
) -> None:
    transcript = make_transcript("hi", "we've been married 8 years", "skip")
    save_summary(uow=any_uow, summary=make_summary(), transcript=transcript)

    with_it = get_summary(uow=any_uow, conversation_id="conversation-1", with_transcript=True)
    without_it = get_summary(uow=any_uow, conversation_id="conversation-1", with_transcript=False)

    assert with_it is not None and with_it["transcript"] == transcript
    assert without_it is not None and "transcript" not in without_it


def test_a_transcript_inside_the_summary_is_not_stored_twice(
    any_uow: AbstractUnitOfWork, make_summary: MakeSummary, make_transcript: MakeTranscript
) -> None:
    transcript = make_transcript("hi")
    summary = make_summary(transcript=[{"speaker": "client", "text": "stale", "at": "x"}])

    save_summary(uow=any_uow, summary=summary, transcript=transcript)

    assert "stale" not in stored_row(any_uow, "conversation-1").summary
    stored = get_summary(uow=any_uow, conversation_id="conversation-1", with_transcript=True)
    assert stored is not None and stored["transcript"] == transcript


@pytest.mark.parametrize(
    "client_words",
    [
        "Ça fait mal depuis la ménopause 😔",
        "אנחנו נשואים שמונה שנים",  # Hebrew, right to left
        "نحن متزوجون منذ ثماني سنوات",  # Arabic, right to left
        "mixed \u202eRTL override\u202c and e\u0301 combining accent",
        "emoji families 👩‍❤️‍👨 👨‍👨‍👧 and flags 🏳️‍🌈",
        "quotes \" ' \\ and a NUL \x00 and a tab \t",
        "a lone surrogate \ud83d from a broken client",
    ],
)
def test_any_text_survives_the_round_trip(
    any_uow: AbstractUnitOfWork,
    make_summary: MakeSummary,
    make_transcript: MakeTranscript,
    client_words: str,
) -> None:
    summary = make_summary(concern={"client_words": client_words})
    transcript = make_transcript(client_words)

    save_summary(uow=any_uow, summary=summary, transcript=transcript)

    stored = get_summary(uow=any_uow, conversation_id="conversation-1", with_transcript=True)
    assert stored is not None
    assert stored["concern"]["client_words"] == client_words
    assert stored["transcript"][1]["text"] == client_words


def test_a_100_kb_transcript_survives_the_round_trip(
    any_uow: AbstractUnitOfWork, make_summary: MakeSummary
) -> None:
    line = "Since the baby came two years ago I have no desire 😔 שלום. "
    transcript = [
        {"speaker": "client", "text": f"{index}: {line * 4}", "at": "2026-11-20T19:03:00Z"}
        for index in range(500)
    ]
    assert len(str(transcript).encode()) > 100_000

    save_summary(uow=any_uow, summary=make_summary(), transcript=transcript)

    stored = get_summary(uow=any_uow, conversation_id="conversation-1", with_transcript=True)
    assert stored is not None and stored["transcript"] == transcript


def test_deleting_a_conversation_erases_its_summary(
    any_uow: AbstractUnitOfWork, make_summary: MakeSummary
) -> None:
    save_summary(uow=any_uow, summary=make_summary("conversation-1"), transcript=[])
    save_summary(uow=any_uow, summary=make_summary("conversation-2"), transcript=[])

    deleted = delete_conversation(uow=any_uow, conversation_id="conversation-1")

    assert deleted is True
    assert get_summary(uow=any_uow, conversation_id="conversation-1", with_transcript=True) is None
    assert get_summary(uow=any_uow, conversation_id="conversation-2", with_transcript=False) is not None


def test_deleting_an_unknown_conversation_reports_false(any_uow: AbstractUnitOfWork) -> None:
    assert delete_conversation(uow=any_uow, conversation_id="nobody") is False


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"status": "finished"}, "unknown intake status"),
        ({"intake_id": None}, "no 'intake_id'"),
        ({"conversation_id": ""}, "no 'conversation_id'"),
    ],
)
def test_a_malformed_summary_is_refused_before_touching_the_store(
    any_uow: AbstractUnitOfWork, make_summary: MakeSummary, changes: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        save_summary(uow=any_uow, summary=make_summary(**changes), transcript=[])

    with any_uow:
        assert list(any_uow.intakes.list()) == []
