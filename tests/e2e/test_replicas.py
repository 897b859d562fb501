"""Two Rasa replicas and two action servers, each kind behind a round-robin proxy, sharing
PostgreSQL (tracker and intakes) and Redis (Rasa's lock store): the deployment of deploy/ on one
machine. Every turn goes to the other replica than the one before, and every summary is complete
and correct."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from tests.e2e.clients import ALPHA, BRAVO
from tests.e2e.faults import play, postgres_database, require_model, require_redis, wrong_fields
from tests.e2e.stack import Stack, start_stack
from tests.integration.conftest import postgres_admin_url  # noqa: F401 - the fixture, for new_database

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def replicated(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    require_model()
    redis_url = require_redis()
    folder = tmp_path_factory.mktemp("replicas")
    with postgres_database(request, folder) as url:
        running = start_stack(folder, database_url=url, tracker_url=url, redis_url=redis_url, replicas=2)
        yield running
        running.close()


def test_conversations_whose_turns_alternate_between_replicas_end_with_complete_correct_summaries(
    replicated: Stack,
) -> None:
    rasa_proxy = replicated.proxies[0]
    summaries = {}

    for client in (ALPHA, BRAVO):
        conversation_id = f"e2e-replicas-{client.name}-{uuid.uuid4().hex[:8]}"
        play(replicated, client, conversation_id)
        code, summary, stderr = replicated.export(conversation_id)
        assert code == 0, stderr
        summaries[client.name] = summary

    assert all(summary["status"] == "complete" for summary in summaries.values())
    assert wrong_fields(summaries["alpha"], ALPHA) == {}
    assert wrong_fields(summaries["bravo"], BRAVO) == {}
    first, second = rasa_proxy.per_target.values()
    assert abs(first - second) <= 1 and first > 20  # each message went to the other replica


def test_both_action_servers_took_part(replicated: Stack) -> None:
    action_proxy = replicated.proxies[1]

    assert all(count > 0 for count in action_proxy.per_target.values())
