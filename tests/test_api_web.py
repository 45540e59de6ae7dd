"""The REST API and the pages through the ASGI app: every endpoint, filters, pagination, errors, auth, CSRF."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from tests.conftest import IS, KIRKUK, make_doc, make_report
from warwatch import export, review
from warwatch.export import ACLED_COLUMNS
from warwatch.models import Place
from warwatch.settings import Settings
from warwatch.store import IncidentRow, Store
from warwatch.web import create_app, query

ALEPPO = Place("Aleppo", country="Syria", iso=760, iso2="SY", admin1="Aleppo", lat=36.2, lon=37.16, geo_precision=1)
HOSTILE = 'Residents said <script>window.__pwned = 1</script> and <img src=x onerror="window.__pwned = 2"> were seen.'


@pytest.fixture
def store(db_url: str) -> Store:
    """Five incidents: three in Iraq, one in Kirkuk with IS, one in Syria; one told by two outlets."""
    store = Store(db_url)
    specs = [
        ("An air strike killed five civilians in Mosul.", "A", {"day": date(2017, 3, 19)}),
        (
            "Clashes in Kirkuk killed ten to twenty fighters.",
            "B",
            {
                "day": date(2017, 4, 2),
                "place": KIRKUK,
                "sub": "Armed clash",
                "event_type": "Battles",
                "killed": (10, None, 20),
                "actor1": IS,
            },
        ),
        (
            f"Shelling hit west Mosul. {HOSTILE}",
            "C",
            {"day": date(2017, 5, 10), "sub": "Shelling/artillery/missile attack", "killed": None},
        ),
        (
            "Air strikes on Aleppo killed thirty.",
            "D",
            {"day": date(2017, 6, 1), "place": ALEPPO, "killed": (30, 30, 30)},
        ),
        ("Wire 1: a strike on Mosul killed 7.", "E", {"day": date(2017, 7, 1), "killed": (7, 7, 7)}),
        ("Wire 2: a strike on Mosul killed 9.", "F", {"day": date(2017, 7, 1), "killed": (9, 9, 9)}),
    ]
    for text, outlet, spec in specs:
        url = "javascript:alert(1)" if outlet == "C" else f"https://{outlet.lower()}.example/story"
        doc = make_doc(text, outlet=f"Outlet {outlet}", url=url)
        store.add_documents([doc])
        store.save_reports(doc, [make_report(doc, **spec)])
    store.relink()
    return store


@pytest.fixture
def client(store: Store) -> TestClient:
    return TestClient(create_app(store, Settings(db=store.url)))


@pytest.fixture
def token(store: Store) -> str:
    return review.add_user(store, "Amira")


def _ids(client: TestClient, **params) -> list[str]:
    res = client.get("/api/incidents", params=params)
    assert res.status_code == 200, res.text
    return [i["id"] for i in res.json()["items"]]


def _by_location(client: TestClient) -> dict[str, dict]:
    return {i["location"] + str(i["event_date"]): i for i in client.get("/api/incidents").json()["items"]}


# -- reading -------------------------------------------------------------------------------
def test_list_is_newest_first_with_totals(client: TestClient):
    body = client.get("/api/incidents").json()
    assert body["total"] == body["count"] == 5
    dates = [i["event_date"] for i in body["items"]]
    assert dates == sorted(dates, reverse=True)
    assert body["next_cursor"] is None
    first = body["items"][0]
    assert first["source_count"] == 2 and (first["fatalities"]["low"], first["fatalities"]["high"]) == (7, 9)
    assert first["url"] == f"/incidents/{first['id']}"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"country": "iraq"}, 4),
        ({"country": "Syria"}, 1),
        ({"admin1": "kirkuk"}, 1),
        ({"event_type": "Battles"}, 1),
        ({"sub_event_type": "Air/drone strike"}, 3),
        ({"actor": "islamic state"}, 1),
        ({"actor": "coalition"}, 4),
        ({"date_from": "2017-04-01", "date_to": "2017-06-01"}, 3),
        ({"min_fatalities": 10}, 2),
        ({"grade": "Fair"}, 1),
        ({"q": "aleppo"}, 1),
        ({"q": "100%_"}, 0),  # LIKE wildcards in the text are taken literally
        ({"bbox": "44,35,45,36"}, 1),  # around Kirkuk
        ({"bbox": "170,-10,-170,10"}, 0),  # a box across the antimeridian
        ({"country": "Iraq", "min_fatalities": 5, "sub_event_type": "Air/drone strike"}, 2),
    ],
)
def test_filters(client: TestClient, params: dict, expected: int):
    body = client.get("/api/incidents", params=params).json()
    assert body["total"] == len(body["items"]) == expected


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "KIRKUK"}, 1),  # any case
        ({"q": "irku"}, 1),  # any part of a word
        ({"q": "mosul coalition"}, 3),  # every word, each in any field
        ({"q": "mosul kirkuk"}, 0),
        ({"q": "iraq IS"}, 2),  # a word too short for the search index still counts ("Islamic", "missile")
        ({"q": "is"}, 2),  # short words alone: an OR of columns inside the query's AND, each row once
        ({"q": '"mosul" OR aleppo'}, 0),  # quotes and operators are text, not query syntax
        ({"q": "aleppo*"}, 0),
        ({"q": "country:syria"}, 0),
        ({"actor": "state islamic"}, 1),
        ({"actor": "syria"}, 0),  # actor searches only actors' names, not places
    ],
)
def test_text_filters_match_every_word_as_text(client: TestClient, params: dict, expected: int):
    body = client.get("/api/incidents", params=params).json()
    assert body["total"] == len(body["items"]) == expected


#: Search texts whose index (trigram) and LIKE answers must agree.
_NEEDLES = ["mosul", "MOSUL", "osu", "os", "m", "coalition mosul", "islamic state", "iraq is", "100%_", 'a"b', "-",
            "mos\x00ul", "\x00"]  # fmt: skip


@pytest.mark.parametrize("needle", _NEEDLES)
@pytest.mark.parametrize("columns", [query.ALL_TEXT, ("actors",)])
def test_search_index_agrees_with_like(store: Store, needle: str, columns: tuple[str, ...]):
    with store.session() as s:
        indexed = set(s.scalars(select(IncidentRow.id).where(query.TextMatch(needle, columns))))
        scanned = set(s.scalars(select(IncidentRow.id).where(query.like_match(needle, columns))))
    assert indexed == scanned


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(min_size=1, max_size=40) | st.text(alphabet='"*:^(){}+- NEARORANDmosul\x00', min_size=1, max_size=40))
def test_any_search_text_is_answered(client: TestClient, needle: str):
    res = client.get("/api/incidents", params={"q": needle, "actor": needle})
    assert res.status_code in (200, 422), res.text  # 422 only for text the URL cannot carry (NUL)


def test_other_databases_search_by_like():
    sql = str(select(IncidentRow.id).where(query.TextMatch("kirkuk")).compile(dialect=postgresql.dialect()))
    assert "LIKE" in sql and "MATCH" not in sql and "incidents_fts" not in sql
    sql = str(select(IncidentRow.id).where(query.TextMatch("kirkuk")).compile(dialect=sqlite.dialect()))
    assert "incidents_fts MATCH" in sql and "kirkuk" not in sql  # the words travel as a bound parameter


def test_total_is_counted_on_the_first_page_only(client: TestClient):
    first = client.get("/api/incidents", params={"limit": 2}).json()
    assert first["total"] == 5
    second = client.get("/api/incidents", params={"limit": 2, "cursor": first["next_cursor"]}).json()
    assert second["total"] is None and second["count"] == 2


@pytest.mark.parametrize("sort", ["-date", "date", "-fatalities", "fatalities", "-updated", "updated"])
def test_cursor_pages_walk_every_incident_once(client: TestClient, sort: str):
    everything = _ids(client, sort=sort, limit=100)
    seen: list[str] = []
    params: dict = {"sort": sort, "limit": 2}
    while True:
        body = client.get("/api/incidents", params=params).json()
        seen += [i["id"] for i in body["items"]]
        if not body["next_cursor"]:
            break
        assert body["next"].startswith("/api/incidents?")
        params["cursor"] = body["next_cursor"]
    assert seen == everything
    assert len(set(seen)) == 5


def test_unknown_tolls_sort_last_both_ways(client: TestClient):
    for sort in ("-fatalities", "fatalities"):
        items = client.get("/api/incidents", params={"sort": sort}).json()["items"]
        assert items[-1]["fatalities"]["low"] is None


@pytest.mark.parametrize(
    ("params", "reason"),
    [
        ({"date_from": "2017-13-01"}, "date_from"),
        ({"date_to": "yesterday"}, "date_to"),
        ({"date_from": "2017-06-01", "date_to": "2017-01-01"}, "after date_to"),
        ({"bbox": "44,35,45,96"}, "maxlat 96.0 is out of range"),
        ({"bbox": "44,35,45"}, "four numbers"),
        ({"bbox": "a,b,c,d"}, "four numbers"),
        ({"bbox": "200,35,45,36"}, "minlon"),
        ({"min_fatalities": "-1"}, "min_fatalities"),
        ({"limit": "0"}, "limit"),
        ({"limit": "100000"}, "limit"),
        ({"sort": "id; DROP TABLE incidents"}, "sort"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"country": "x" * 500}, "country"),
    ],
)
def test_bad_parameters_are_422_with_the_reason(client: TestClient, params: dict, reason: str):
    res = client.get("/api/incidents", params=params)
    assert res.status_code == 422
    body = res.json()
    assert body["status"] == 422 and reason in body["error"]


def test_incident_detail_has_reports_claims_evidence_and_audit(client: TestClient):
    top = client.get("/api/incidents", params={"limit": 1}).json()["items"][0]
    res = client.get(f"/api/incidents/{top['id'][:8]}")  # a unique prefix is enough
    assert res.status_code == 200
    body = res.json()
    assert body["id"] == top["id"]
    assert {r["outlet"] for r in body["reports"]} == {"Outlet E", "Outlet F"}
    claim = body["reports"][0]["claims"][0]
    assert (claim["kind"], claim["victims"], claim["hedge"]) == ("killed", "civilians", "asserted")
    assert claim["evidence"]["quote"] and body["reports"][0]["evidence"][0]["start"] == 0
    assert [a["action"] for a in body["audit"]] == ["create"]


def test_unknown_ids_are_404(client: TestClient):
    for path in ("/api/incidents/ffffffffffff", "/api/documents/nothing", "/api/nowhere"):
        res = client.get(path)
        assert res.status_code == 404 and res.json()["status"] == 404, path


def test_document(client: TestClient, store: Store):
    doc = next(d for d in store.documents() if d.outlet == "Outlet D")
    body = client.get(f"/api/documents/{doc.id}").json()
    assert body["text"] == doc.text and body["outlet"] == "Outlet D"
    assert len(body["reports"]) == 1 and body["reports"][0]["incident_id"]


def test_geojson_and_csv_reuse_the_export_record(client: TestClient):
    geo = client.get("/api/incidents.geojson", params={"country": "Iraq"})
    assert geo.status_code == 200 and geo.headers["content-type"].startswith("application/geo+json")
    features = geo.json()["features"]
    assert len(features) == 4
    assert all(f["geometry"]["type"] == "Point" for f in features)
    assert {"event_id_cnty", "fatalities_low", "source_urls"} <= set(features[0]["properties"])
    res = client.get("/api/incidents.csv", params={"limit": 2})
    rows = list(csv.DictReader(io.StringIO(res.text)))
    assert tuple(rows[0])[: len(ACLED_COLUMNS)] == ACLED_COLUMNS
    assert len(rows) == 2
    assert 'rel="next"' in res.headers["link"]


@pytest.mark.parametrize("sort", ["-date", "fatalities"])
def test_export_pages_follow_the_link_header_through_every_incident(client: TestClient, store: Store, sort: str):
    everything = _ids(client, sort=sort, limit=100)
    seen: list[str] = []
    url: str | None = f"/api/incidents.geojson?sort={sort}&limit=2"
    while url:
        res = client.get(url)
        seen += [f["properties"]["event_id_cnty"] for f in res.json()["features"]]
        link = res.headers.get("link")
        url = link[1 : link.index(">")] if link else None
    assert seen == [export.event_id_cnty(store.incident(i)) for i in everything]


def test_timeline_sums_weeks_and_fills_gaps(client: TestClient):
    weeks = client.get("/api/timeline", params={"country": "Iraq"}).json()["weeks"]
    assert weeks[0]["week"] == "2017-03-13" and weeks[-1]["week"] == "2017-06-26"
    assert sum(w["incidents"] for w in weeks) == 4
    assert sum(w["fatalities_low"] for w in weeks) == 5 + 10 + 7
    assert sum(w["fatalities_high"] for w in weeks) == 5 + 20 + 9
    assert len(weeks) == 16  # every week in between, empty ones too


def test_openapi_lists_the_endpoints(client: TestClient):
    paths = client.get("/openapi.json").json()["paths"]
    for p in ("/api/incidents", "/api/incidents/{incident_id}", "/api/incidents.geojson", "/api/incidents.csv",
              "/api/documents/{doc_id}", "/api/deletions", "/api/timeline"):  # fmt: skip
        assert p in paths


# -- writing ---------------------------------------------------------------------------
def test_writes_refuse_missing_and_bad_tokens(client: TestClient, token: str):
    inc = _ids(client)[0]
    assert client.post(f"/api/incidents/{inc}/confirm").status_code == 401
    bad = client.post(f"/api/incidents/{inc}/confirm", headers={"Authorization": "Bearer ww_abc.def"})
    assert bad.status_code == 403 and "unknown or revoked" in bad.json()["error"]
    good = client.post(
        f"/api/incidents/{inc}/confirm", headers={"Authorization": f"Bearer {token}"}, json={"why": "ok"}
    )
    assert good.status_code == 200 and good.json()["incident"]["review_status"] == "confirmed"


def test_review_through_the_api(client: TestClient, token: str):
    auth = {"Authorization": f"Bearer {token}"}
    items = _by_location(client)
    mosul, kirkuk = items["Mosul2017-03-19"]["id"], items["Kirkuk2017-04-02"]["id"]
    edited = client.patch(f"/api/incidents/{mosul}", headers=auth, json={"fields": {"fatalities_high": 6}, "why": "x"})
    assert edited.status_code == 200 and edited.json()["incident"]["fatalities"]["high"] == 6
    bad = client.patch(f"/api/incidents/{mosul}", headers=auth, json={"fields": {"grade": "Great"}})
    assert bad.status_code == 422 and "unknown grade" in bad.json()["error"]
    merged = client.post(f"/api/incidents/{mosul}/merge", headers=auth, json={"other": kirkuk, "why": "same"})
    assert merged.status_code == 200
    gone = client.get("/api/deletions").json()["items"]
    assert [(d["id"], d["status"], d["merged_into"]) for d in gone] == [(kirkuk, "merged", mosul)]
    undo_id = merged.json()["audit_id"]
    earlier = edited.json()["audit_id"]
    conflict = client.post(f"/api/audit/{earlier}/undo", headers=auth)
    assert conflict.status_code == 409
    assert client.post(f"/api/audit/{undo_id}/undo", headers=auth, json={"why": "no"}).status_code == 200
    assert client.get("/api/deletions").json()["items"] == []


def test_split_through_the_api(client: TestClient, token: str):
    auth = {"Authorization": f"Bearer {token}"}
    top = client.get("/api/incidents/" + _ids(client)[0]).json()
    res = client.post(f"/api/incidents/{top['id']}/split", headers=auth, json={"report_ids": [top["reports"][1]["id"]]})
    assert res.status_code == 201
    assert client.get("/api/incidents").json()["total"] == 6
    assert client.post(f"/api/incidents/{top['id']}/split", headers=auth, json={"report_ids": []}).status_code == 422


def test_reading_can_be_closed(store: Store, token: str):
    client = TestClient(create_app(store, Settings(db=store.url, read_public=False)))
    assert client.get("/api/incidents").status_code == 401
    assert client.get("/api/incidents", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    page = client.get("/", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/signin"


# -- pages ------------------------------------------------------------------------------
def _csrf(html: str) -> str:
    m = re.search(r'name="csrf" value="([^"]+)"', html)
    assert m, "no CSRF token in the form"
    return m.group(1)


def test_pages_escape_article_text_and_drop_unsafe_links(client: TestClient):
    shelling = _by_location(client)["Mosul2017-05-10"]["id"]
    html = client.get(f"/incidents/{shelling}").text
    assert "<script>window.__pwned" not in html and "<img src=x onerror" not in html
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in html
    assert "javascript:alert" not in html.split('class="article"')[0].split("<h3>")[-1]
    assert 'href="javascript:' not in html
    assert '<mark class="ev"' in html


def test_index_page_lists_and_filters(client: TestClient):
    html = client.get("/", params={"country": "Syria"}).text
    assert html.count('class="incident-row"') == 1 and "Aleppo" in html
    assert client.get("/", params={"date_from": "nope"}).status_code == 422
    res = client.get("/")
    assert "default-src 'self'" in res.headers["content-security-policy"]


def test_form_actions_need_sign_in_and_a_csrf_token(client: TestClient, token: str):
    inc = _ids(client)[0]
    page = client.get("/signin")
    csrf = _csrf(page.text)
    assert client.post("/signin", data={"token": token, "csrf": "forged"}).status_code == 403
    assert client.post("/signin", data={"token": "ww_x.y", "csrf": csrf}).status_code == 403
    signed = client.post("/signin", data={"token": token, "csrf": csrf}, follow_redirects=False)
    assert signed.status_code == 303
    html = client.get(f"/incidents/{inc}").text
    fresh = _csrf(html)
    assert fresh != csrf  # signing in rotates the token
    form = {"action": "edit", "field": "notes", "value": "checked by phone", "why": "called the hospital"}
    assert client.post(f"/incidents/{inc}/review", data={**form, "csrf": csrf}).status_code == 403
    done = client.post(f"/incidents/{inc}/review", data={**form, "csrf": fresh}, follow_redirects=False)
    assert done.status_code == 303
    html = client.get(f"/incidents/{inc}").text
    assert "called the hospital" in html and "Amira" in html
    bad = client.post(f"/incidents/{inc}/review", data={**form, "field": "grade", "value": "Great", "csrf": fresh})
    assert bad.status_code == 422 and "unknown grade" in bad.text


def test_review_form_refuses_anonymous_users(client: TestClient):
    inc = _ids(client)[0]
    csrf = _csrf(client.get("/signin").text)
    res = client.post(f"/incidents/{inc}/review", data={"action": "confirm", "csrf": csrf})
    assert res.status_code == 401


def test_segments_cover_the_text_once():
    from warwatch.web.pages import segments

    text = "abcdefghij"
    segs = segments(text, [(2, 6, "ev", ""), (4, 8, "claim", "killed 5"), (50, 60, "ev", "")])
    assert "".join(s.text for s in segs) == text
    assert [(s.text, s.kinds) for s in segs] == [
        ("ab", ()), ("cd", ("ev",)), ("ef", ("claim", "ev")), ("gh", ("claim",)), ("ij", ()),
    ]  # fmt: skip


def test_digest_for_the_current_filter(client: TestClient):
    md = client.get("/api/digest", params={"country": "Iraq", "date_from": "2017-03-13", "date_to": "2017-03-19"})
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
    assert "Iraq" in md.text
    assert client.get("/api/digest", params={"format": "pdf"}).status_code == 422
    page = client.get("/digest", params={"country": "Iraq"})
    assert page.status_code == 200 and "<html" in page.text.lower()
    assert 'id="digest-link"' in client.get("/", params={"country": "Iraq"}).text
