"""Alert rules: matching, delivery to a real local webhook and to a file, once-only, retries, rule-file errors."""

from __future__ import annotations

import json
import re
import socket
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select, update
from typer.testing import CliRunner

from tests.conftest import make_doc, make_report
from warwatch.alerts import CLAIM_TIMEOUT, MAX_ATTEMPTS, WEBHOOK_TIMEOUT, Rule, load_rules, send_alerts
from warwatch.cli import app
from warwatch.errors import ConfigError
from warwatch.models import Place
from warwatch.store import AlertDeliveryRow, AlertRuleRow, AuditRow, Store

ALEPPO = Place("Aleppo", country="Syria", iso=760, iso2="SY", admin1="Aleppo", lat=36.202, lon=37.134, geo_precision=1)
# Made-up reports of one made-up strike, written for these tests; the second raises the toll.
FIRST = "An air strike on the vegetable market in Aleppo killed twelve civilians on Sunday, medics said."
SECOND = "Medics in Aleppo now say twenty civilians died in Sunday's air strike on the vegetable market."
README = Path(__file__).resolve().parents[1] / "README.md"


class Receiver:
    """A webhook on 127.0.0.1 that keeps every POST and answers with `status`."""

    def __init__(self, port: int) -> None:
        self.url = f"http://127.0.0.1:{port}/hook"
        self.status = 200
        self.posts: list[tuple[dict[str, str], dict[str, Any]]] = []


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    box: list[Receiver] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            box[0].posts.append((dict(self.headers), body))
            self.send_response(box[0].status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:  # keep the test output quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    box.append(Receiver(server.server_address[1]))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield box[0]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _report(store: Store, text: str, outlet: str, killed: int) -> None:
    doc = make_doc(text, outlet=outlet)
    store.add_documents([doc])
    store.save_reports(doc, [make_report(doc, place=ALEPPO, killed=(killed, killed, killed))])


@pytest.fixture
def store(db_url: str) -> Store:
    """One active incident: a strike in Aleppo, Syria, 12 killed, all civilians, one outlet (grade Weak)."""
    store = Store(db_url)
    _report(store, FIRST, "Outlet A", 12)
    store.relink()
    return store


def _deliveries(store: Store) -> list[AlertDeliveryRow]:
    with store.session() as s:
        return list(s.scalars(select(AlertDeliveryRow).order_by(AlertDeliveryRow.audit_id)))


def _rule_row(store: Store, name: str) -> AlertRuleRow | None:
    with store.session() as s:
        return s.get(AlertRuleRow, name)


def _last_audit_id(store: Store) -> int:
    with store.session() as s:
        return s.scalar(select(func.max(AuditRow.id))) or 0


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def test_matching_incident_is_posted_once_and_again_when_it_changes(store: Store, receiver: Receiver) -> None:
    rule = Rule("mass-casualty-syria", countries=("Syria",), min_fatalities_low=10, webhook=receiver.url)
    first = send_alerts(store, [rule])
    assert (first.sent, first.failed) == (1, 0)
    [(headers, body)] = receiver.posts
    [incident] = store.incidents()
    assert body["rule"] == "mass-casualty-syria" and body["action"] == "create"
    assert body["incident_id"] == incident.id and body["path"] == f"/incidents/{incident.id}"
    assert (body["country"], body["location"], body["date"]) == ("Syria", "Aleppo", "2017-03-19")
    assert (body["fatalities_low"], body["fatalities_best"], body["fatalities_high"]) == (12, 12, 12)
    assert (body["civilians_killed_low"], body["grade"], body["source_count"]) == (12, "Weak", 1)
    assert body["event_type"] == "Explosions/Remote violence"
    assert headers["Content-Type"] == "application/json"
    assert headers["X-Warwatch-Delivery"] == f"mass-casualty-syria:{body['audit_id']}"

    again = send_alerts(store, [rule])
    assert (again.sent, again.failed) == (0, 0) and len(receiver.posts) == 1

    _report(store, SECOND, "Outlet B", 20)
    assert store.relink().updated == 1
    third = send_alerts(store, [rule])
    assert (third.sent, third.failed) == (1, 0)
    update_body = receiver.posts[1][1]
    assert update_body["action"] == "update" and update_body["incident_id"] == incident.id
    assert update_body["fatalities_high"] == 20 and update_body["grade"] == "Fair"
    assert "fatalities_high" in update_body["changed"]
    assert [(d.status, d.targets, d.attempts, d.error) for d in _deliveries(store)] == [("sent", [], 1, None)] * 2


@pytest.mark.parametrize(
    ("conditions", "fires"),
    [
        ({}, True),
        ({"countries": ("syria",)}, True),
        ({"countries": ("Iraq", "Yemen")}, False),
        ({"min_fatalities_low": 12}, True),
        ({"min_fatalities_low": 13}, False),
        ({"grades": ("Weak", "Fair")}, True),
        ({"grades": ("Confirmed",)}, False),
        ({"civilian_deaths": True}, True),
        ({"civilian_deaths": False}, False),
        ({"event_types": ("Explosions/Remote violence",)}, True),
        ({"event_types": ("Battles",)}, False),
        ({"on": ("update",)}, False),
    ],
    ids=lambda v: json.dumps(v, sort_keys=True) if isinstance(v, dict) else str(v),
)
def test_rule_conditions(store: Store, tmp_path: Path, conditions: dict[str, Any], fires: bool) -> None:
    out = tmp_path / "alerts.jsonl"
    summary = send_alerts(store, [Rule("r", file=out, **conditions)])
    assert summary.sent == int(fires) and summary.failed == 0
    assert len(_lines(out)) == int(fires)


def test_file_target_appends_one_json_line_per_alert(store: Store, tmp_path: Path) -> None:
    rules_file = tmp_path / "conf" / "alerts.toml"
    rules_file.parent.mkdir()
    rules_file.write_text('[[rule]]\nname = "all"\nfile = "seen.jsonl"\n', encoding="utf-8")
    [rule] = load_rules(rules_file)
    assert rule.file == tmp_path / "conf" / "seen.jsonl"  # relative to the rules file's folder
    send_alerts(store, [rule])
    _report(store, SECOND, "Outlet B", 20)
    store.relink()
    send_alerts(store, [rule])
    send_alerts(store, [rule])
    lines = _lines(tmp_path / "conf" / "seen.jsonl")
    assert [line["action"] for line in lines] == ["create", "update"]
    assert lines[0]["incident_id"] == lines[1]["incident_id"]
    assert [line["fatalities_high"] for line in lines] == [12, 20]


def test_webhook_answering_500_fails_and_is_retried(store: Store, receiver: Receiver) -> None:
    rule = Rule("hook", webhook=receiver.url)
    receiver.status = 500
    failed = send_alerts(store, [rule])
    assert (failed.sent, failed.failed) == (0, 1)
    assert "HTTP 500" in failed.errors[0] and "tried again on the next run" in failed.errors[0]
    [row] = _deliveries(store)
    assert (row.status, row.targets, row.attempts) == ("failed", [receiver.url], 1)
    assert row.error == f"{receiver.url}: HTTP 500"
    receiver.status = 204
    retried = send_alerts(store, [rule])
    assert (retried.sent, retried.failed) == (1, 0)
    assert len(receiver.posts) == 2
    assert receiver.posts[0][0]["X-Warwatch-Delivery"] == receiver.posts[1][0]["X-Warwatch-Delivery"]
    assert [(d.status, d.targets, d.attempts, d.error) for d in _deliveries(store)] == [("sent", [], 2, None)]
    assert send_alerts(store, [rule]).sent == 0


def test_unreachable_webhook_is_tried_max_attempts_times(store: Store) -> None:
    rule = Rule("nobody-home", webhook=f"http://127.0.0.1:{_closed_port()}/hook")
    for attempt in range(1, MAX_ATTEMPTS + 1):
        summary = send_alerts(store, [rule])
        assert (summary.sent, summary.failed) == (0, 1)
        assert "ConnectError" in summary.errors[0]
        assert ("given up" in summary.errors[0]) == (attempt == MAX_ATTEMPTS)
        [row] = _deliveries(store)
        assert (row.status, row.attempts) == ("failed", attempt)
    assert send_alerts(store, [rule]).failed == 0  # given up: no more tries
    [row] = _deliveries(store)
    assert (row.status, row.attempts) == ("failed", MAX_ATTEMPTS)
    assert row.error and row.error.startswith(f"{rule.webhook}: ConnectError")


def test_retry_goes_only_to_the_targets_that_failed(store: Store, receiver: Receiver, tmp_path: Path) -> None:
    out = tmp_path / "alerts.jsonl"
    rule = Rule("both", webhook=receiver.url, file=out)
    receiver.status = 503
    assert send_alerts(store, [rule]).failed == 1
    assert len(_lines(out)) == 1
    [row] = _deliveries(store)
    assert row.targets == [receiver.url] and row.error == f"{receiver.url}: HTTP 503"
    receiver.status = 200
    assert send_alerts(store, [rule]).sent == 1
    assert len(_lines(out)) == 1 and len(receiver.posts) == 2


def test_attempts_count_the_tries_and_error_keeps_the_last_reason(store: Store, receiver: Receiver) -> None:
    rule = Rule("counted", webhook=receiver.url)
    for tries, status in enumerate((500, 503), 1):
        receiver.status = status
        assert send_alerts(store, [rule]).failed == 1
        [row] = _deliveries(store)
        assert (row.status, row.attempts, row.error) == ("failed", tries, f"{receiver.url}: HTTP {status}")
    receiver.status = 200
    assert send_alerts(store, [rule]).sent == 1
    [row] = _deliveries(store)
    assert (row.status, row.attempts, row.error, row.targets) == ("sent", 3, None, [])


def test_redirects_are_not_followed(store: Store) -> None:
    seen: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(302, headers={"Location": "http://127.0.0.1:9/elsewhere"})

    with httpx.Client(transport=httpx.MockTransport(answer)) as client:
        summary = send_alerts(store, [Rule("moved", webhook="http://127.0.0.1:9/hook")], client=client)
    assert summary.failed == 1 and "redirects are not followed" in summary.errors[0]
    assert seen == ["http://127.0.0.1:9/hook"]


class _Killed(BaseException):
    """Stands for the process being killed in the middle of a POST."""


def test_delivery_interrupted_mid_send_is_sent_again_after_the_claim_times_out(store: Store) -> None:
    posts: list[str] = []

    def killed(request: httpx.Request) -> httpx.Response:
        raise _Killed

    def fine(request: httpx.Request) -> httpx.Response:
        posts.append(request.headers["X-Warwatch-Delivery"])
        return httpx.Response(200)

    rule = Rule("crash", webhook="http://127.0.0.1:9/hook")
    with httpx.Client(transport=httpx.MockTransport(killed)) as client, pytest.raises(_Killed):
        send_alerts(store, [rule], client=client)
    [row] = _deliveries(store)
    assert row.status == "sending"
    with httpx.Client(transport=httpx.MockTransport(fine)) as client:
        assert send_alerts(store, [rule], client=client).sent == 0  # still in flight: nobody else sends it
        with store.session() as s, s.begin():
            long_ago = datetime.now(UTC) - timedelta(seconds=CLAIM_TIMEOUT + 60)
            s.execute(update(AlertDeliveryRow).where(AlertDeliveryRow.id == row.id).values(at=long_ago))
        assert send_alerts(store, [rule], client=client).sent == 1
    assert posts == [f"crash:{row.audit_id}"]
    # The killed try recorded no outcome, so only the one that did is counted.
    assert [(d.status, d.attempts) for d in _deliveries(store)] == [("sent", 1)]


def test_turning_alerts_on_for_an_old_database_does_not_send_its_history(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "alerts.jsonl"
    rule = Rule("new-rule", file=out)
    switched_on = datetime.now(UTC) + timedelta(seconds=1)  # after every audit event recorded so far
    assert send_alerts(store, [rule], enabled_at=switched_on).sent == 0
    assert _lines(out) == []
    _report(store, SECOND, "Outlet B", 20)
    store.relink()
    # Later runs go on from where the rule stopped, whatever they pass as enabled_at.
    assert send_alerts(store, [rule], enabled_at=datetime.now(UTC) + timedelta(days=1)).sent == 1
    assert [line["action"] for line in _lines(out)] == ["update"]


def test_first_evaluation_creates_the_rules_watermark_and_later_ones_move_it(store: Store, tmp_path: Path) -> None:
    rule = Rule("marked", file=tmp_path / "alerts.jsonl", countries=("Iraq",))  # matches nothing: no delivery
    assert _rule_row(store, "marked") is None
    switched_on = datetime.now(UTC) - timedelta(hours=1)
    send_alerts(store, [rule], enabled_at=switched_on)
    first = _rule_row(store, "marked")
    assert first is not None and first.watermark == _last_audit_id(store) and first.enabled_at == switched_on
    _report(store, SECOND, "Outlet B", 20)
    store.relink()
    send_alerts(store, [rule], enabled_at=datetime.now(UTC))
    later = _rule_row(store, "marked")
    assert later is not None and later.watermark == _last_audit_id(store) > first.watermark
    assert later.enabled_at == switched_on  # kept from the first evaluation
    assert _deliveries(store) == []


def test_events_of_the_run_that_turns_alerts_on_are_sent(db_url: str, tmp_path: Path) -> None:
    store = Store(db_url)
    switched_on = datetime.now(UTC) - timedelta(seconds=1)
    _report(store, FIRST, "Outlet A", 12)
    store.relink()
    out = tmp_path / "alerts.jsonl"
    assert send_alerts(store, [Rule("fresh", file=out)], enabled_at=switched_on).sent == 1


GOOD = 'name = "r"\nfile = "a.jsonl"\n'


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[rule]\nname = 1", r"not valid TOML \(.*line 1"),
        ("", r"no \[\[rule\]\] tables; add one"),
        ('title = "x"\n[[rule]]\n' + GOOD, r"unknown top-level key 'title'"),
        ('[[rule]]\nname = "syria"\ncontries = ["Syria"]\nfile = "a"\n', r"rule 1 \('syria'\): unknown key 'contries'"),
        ('[[rule]]\nfile = "a.jsonl"\n', r"rule 1: 'name' is missing"),
        ('[[rule]]\nname = "x"\ncountries = "Syria"\nfile = "a"\n', r"'countries' must be a list of strings"),
        ('[[rule]]\nname = "x"\nmin_fatalities_low = "ten"\nfile = "a"\n', r"'min_fatalities_low' must be a whole"),
        ('[[rule]]\nname = "x"\nmin_fatalities_low = true\nfile = "a"\n', r"'min_fatalities_low' must be a whole"),
        ('[[rule]]\nname = "x"\ncivilian_deaths = "yes"\nfile = "a"\n', r"'civilian_deaths' must be true or false"),
        ('[[rule]]\nname = "x"\ngrades = ["Certain"]\nfile = "a"\n', r"'grades' has 'Certain', which is not one of"),
        ('[[rule]]\nname = "x"\nevent_types = ["Bombing"]\nfile = "a"\n', r"'event_types' has 'Bombing'"),
        ('[[rule]]\nname = "x"\non = ["delete"]\nfile = "a"\n', r"'on' has 'delete', which is not one of create"),
        ('[[rule]]\nname = "x"\non = []\nfile = "a"\n', r"'on' is empty"),
        ('[[rule]]\nname = "x"\nwebhook = "ftp://example.org/"\n', r"'webhook' must be an http:// or https:// URL"),
        ('[[rule]]\nname = "x"\nwebhook = 9000\n', r"'webhook' must be an http:// or https:// URL"),
        ('[[rule]]\nname = "x"\ncountries = ["Syria"]\n', r"rule 1 \('x'\): has neither 'webhook' nor 'file'"),
        ("[[rule]]\n" + GOOD + "[[rule]]\n" + GOOD, r"rule 2: name 'r' is used twice"),
    ],
    ids=[
        "syntax",
        "empty",
        "top-level",
        "unknown-key",
        "no-name",
        "countries-type",
        "min-type",
        "min-bool",
        "civilians-type",
        "grade",
        "event-type",
        "on-value",
        "on-empty",
        "webhook-scheme",
        "webhook-type",
        "no-target",
        "duplicate",
    ],
)
def test_bad_rule_files_say_which_file_rule_and_field(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "alerts.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_rules(path)
    said = str(caught.value)
    assert said.startswith(f"{path}: ") and "\n" not in said
    assert re.search(message, said), said


def test_missing_rules_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such alerts file; fix the path in WARWATCH_ALERTS_FILE"):
        load_rules(tmp_path / "nowhere.toml")


def test_readme_example_rules_load(tmp_path: Path) -> None:
    section = README.read_text(encoding="utf-8").split("## Alerts", 1)[1].split("\n## ", 1)[0]
    example = re.search(r"```toml\n(.*?)```", section, re.S)
    assert example, "README's Alerts section has no TOML example"
    path = tmp_path / "alerts.toml"
    path.write_text(example.group(1), encoding="utf-8")
    rules = load_rules(path)
    assert [r.name for r in rules] == ["mass-casualty-syria", "everything-to-a-file"]
    assert rules[0].countries == ("Syria",) and rules[0].min_fatalities_low == 10
    words = " ".join(section.split())
    assert f"{MAX_ATTEMPTS} tries in all" in words
    assert f"after {CLAIM_TIMEOUT // 60} minutes another run sends it again" in words
    assert f"{WEBHOOK_TIMEOUT:g} seconds to answer" in words


runner = CliRunner()


def test_process_sends_alerts_from_the_rules_file(db_url: str, tmp_path: Path) -> None:
    store = Store(db_url)
    _report(store, FIRST, "Outlet A", 12)  # processed but not linked: `process` links it and alerts
    rules = tmp_path / "alerts.toml"
    rules.write_text('[[rule]]\nname = "all"\nfile = "out.jsonl"\n', encoding="utf-8")
    res = runner.invoke(app, ["process", "--db", db_url], env={"WARWATCH_ALERTS_FILE": str(rules)})
    assert res.exit_code == 0, res.output
    assert "alerts: 1 sent, 0 failed" in res.output
    assert [line["action"] for line in _lines(tmp_path / "out.jsonl")] == ["create"]


def test_process_names_a_bad_rules_file(db_url: str, tmp_path: Path) -> None:
    rules = tmp_path / "alerts.toml"
    rules.write_text('[[rule]]\nname = "x"\n', encoding="utf-8")
    res = runner.invoke(app, ["process", "--db", db_url], env={"WARWATCH_ALERTS_FILE": str(rules)})
    assert res.exit_code == 2
    assert f"{rules}: rule 1 ('x'): has neither 'webhook' nor 'file'" in res.output.replace("\n", "")


def test_a_bad_rules_file_stops_the_run_before_any_work(db_url: str, tmp_path: Path) -> None:
    article = tmp_path / "strike.txt"
    article.write_text("Gunmen killed four people at a checkpoint in Kirkuk on Monday, police said.\n")
    rules = tmp_path / "alerts.toml"
    rules.write_text('[[rule]]\nname = "x"\n', encoding="utf-8")
    args = ["run", str(article), "--db", db_url, "--published", "2017-03-23"]
    res = runner.invoke(app, args, env={"WARWATCH_ALERTS_FILE": str(rules)})
    assert res.exit_code == 2, res.output
    counts = Store(db_url).counts()
    assert counts.get("processed", 0) == 0 and counts["ingested"] == 1  # stored, left for a run with good rules
