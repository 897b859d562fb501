"""The JSON API answers any intake id, export kind or filter clearly, and never crashes."""

from __future__ import annotations

import string

import pytest
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.web.test_api import bearer

pytestmark = pytest.mark.slow

SEGMENT = st.text(alphabet=string.ascii_letters + string.digits + "-_.~", min_size=1, max_size=40)
CLEAR = {200, 400, 404, 405}


@hypothesis_settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    intake_id=SEGMENT,
    kind=SEGMENT,
    query=st.dictionaries(st.sampled_from(["q", "status", "flag"]), st.text(max_size=300), max_size=3),
)
def test_the_api_answers_any_id_export_kind_or_filter_without_crashing(
    client: FlaskClient,
    token: str,
    intake_id: str,
    kind: str,
    query: dict[str, str],  # noqa: F811
) -> None:
    for path in ("/api/intakes", f"/api/intakes/{intake_id}", f"/api/intakes/{intake_id}/export/{kind}"):
        response = client.get(path, query_string=query, headers=bearer(token))
        assert response.status_code in CLEAR, (path, response.status_code)
    review = client.post(f"/api/intakes/{intake_id}/review", json={"reviewed": True}, headers=bearer(token))
    assert review.status_code in CLEAR
