"""The deployment recipes in deploy/ (docker-compose and Kubernetes, same topology) are valid and
wired the way the two-replica test runs the stack: PostgreSQL for tracker and intakes, Redis for
Rasa's lock store, two Rasa and two action server replicas behind a proxy, only the web app
facing the internet. Docker cannot run here, so the files are checked as data."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot import cli

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
INTAKE_SERVICES = ("rasa", "actions", "web")


def compose() -> dict[str, Any]:
    return yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())


def manifests() -> list[dict[str, Any]]:
    return [doc for doc in yaml.safe_load_all((DEPLOY / "kubernetes" / "intake.yaml").read_text()) if doc]


def settings_names() -> set[str]:
    """Every environment variable bot/config.py reads."""
    source = (ROOT / "bot" / "config.py").read_text()
    return set(re.findall(r'env\.get\("([A-Z_]+)"', source))


def workloads() -> dict[str, dict[str, Any]]:
    return {
        doc["metadata"]["name"]: doc
        for doc in manifests()
        if doc["kind"] in ("Deployment", "StatefulSet", "Job")
    }


def test_compose_runs_two_rasa_and_two_action_server_replicas() -> None:
    services = compose()["services"]

    assert services["rasa"]["deploy"]["replicas"] >= 2
    assert services["actions"]["deploy"]["replicas"] >= 2
    assert {"postgres", "redis", "nginx", "web", "migrate"} <= set(services)


def test_compose_services_share_postgresql_for_tracker_and_intakes_and_redis_for_locks() -> None:
    services = compose()["services"]

    for name in INTAKE_SERVICES:
        env = services[name]["environment"]
        assert env["DATABASE_URL"].startswith("postgresql") and env["TRACKER_URL"] == env["DATABASE_URL"]
        assert env["REDIS_URL"].startswith("redis://redis:")


def test_compose_publishes_only_nginx() -> None:
    published = {name for name, service in compose()["services"].items() if service.get("ports")}

    assert published == {"nginx"}


def test_every_compose_command_is_an_intake_command_the_cli_accepts() -> None:
    commands = [
        service["command"]
        for service in compose()["services"].values()
        if service.get("image", "").startswith("intake")
    ]

    assert len(commands) == 5  # migrate, rasa, actions, web, notify-worker
    for command in commands:
        cli.parser().parse_args(command)  # exits (fails the test) if not


def test_compose_environment_names_are_settings_the_app_reads() -> None:
    env = compose()["services"]["rasa"]["environment"]

    assert set(env) - {"SANIC_WORKERS"} <= settings_names()


def test_nginx_balances_the_rasa_and_action_server_ports_the_services_are_told() -> None:
    conf = (DEPLOY / "nginx.conf").read_text()
    env = compose()["services"]["rasa"]["environment"]

    assert "upstream rasa" in conf and "upstream actions" in conf and "upstream web" in conf
    assert env["RASA_URL"] == "http://nginx:5005" and "listen 5005;" in conf
    assert env["ACTION_SERVER_URL"] == "http://nginx:5055" and "listen 5055;" in conf


def test_kubernetes_runs_the_same_replicas() -> None:
    found = workloads()

    assert found["rasa"]["spec"]["replicas"] >= 2
    assert found["actions"]["spec"]["replicas"] >= 2
    assert {"postgres", "redis", "web", "notify-worker", "intake-migrate"} <= set(found)


@pytest.mark.parametrize("name", ["rasa", "actions", "web", "notify-worker", "intake-migrate"])
def test_every_kubernetes_container_runs_an_intake_command_the_cli_accepts(name: str) -> None:
    container = workloads()[name]["spec"]["template"]["spec"]["containers"][0]

    cli.parser().parse_args(container["args"])


def test_every_kubernetes_service_selects_a_workload_and_only_the_web_app_has_an_ingress() -> None:
    labels = [
        doc["spec"]["template"]["metadata"]["labels"]
        for doc in workloads().values()
        if "selector" in doc["spec"]
    ]
    services = [doc for doc in manifests() if doc["kind"] == "Service"]
    ingresses = [doc for doc in manifests() if doc["kind"] == "Ingress"]

    for service in services:
        assert service["spec"]["selector"] in labels, service["metadata"]["name"]
    backends = {
        path["backend"]["service"]["name"]
        for ingress in ingresses
        for rule in ingress["spec"]["rules"]
        for path in rule["http"]["paths"]
    }
    assert backends == {"web"}


def test_kubernetes_config_points_at_postgresql_redis_and_the_services() -> None:
    config = next(doc for doc in manifests() if doc["kind"] == "ConfigMap")["data"]

    assert config["REDIS_URL"].startswith("redis://redis:")
    assert config["RASA_URL"] == "http://rasa:5005" and config["ACTION_SERVER_URL"] == "http://actions:5055"
    assert set(config) - {"SANIC_WORKERS", "RASA_TELEMETRY_ENABLED"} <= settings_names()
    rasa_env = workloads()["rasa"]["spec"]["template"]["spec"]["containers"][0]["env"]
    assert {
        "name": "TRACKER_URL",
        "valueFrom": {"secretKeyRef": {"name": "intake-secrets", "key": "DATABASE_URL"}},
    } in rasa_env
