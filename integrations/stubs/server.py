"""Stub government entities on loopback: one process serves all six entities' change feeds,
and the civil registry's on-demand lookups.

    GET  /<entity>/records?cursor=<seq>&limit=<n>    (`since` is accepted for `cursor`)

answers `application/x-ndjson`, sent chunked as it is generated: a first line
`{"page": {"next_cursor": "<seq>", "has_more": bool, "count": n}}`, then n records, one JSON
object a line, in change order. `next_cursor` is the watermark to ask from next.

    GET  /civil_registry/people/<number>

answers 200 with the person's record (civil_id, name_ar, name_en, nationality, date_of_birth,
mobile) from integrations.stubs.people, or 404 {"error": "not_found"} when the number belongs to
nobody. The registry is not a feed (there is nothing to sync): it is not in SPECS, `"*"` in the
control requests below still means the six feeds, and it is reached as entity "civil_registry".

Control endpoints (JSON bodies), for tests, benchmarks and demonstrations:
    POST /_control {"entity": "<code>"|"*", "delay": s,
                    "faults": [{"kind": "500"|"503"|"429"|"timeout"|"slow"|"truncated"|
                                "garbage"|"reset", "count": n, "after": m, "seconds": s,
                                "retry_after": s}],
                    "modes": {"malformed_every": k, "duplicate_every": k,
                              "out_of_order": bool, "serve_stale": bool}}
        a fault applies to `count` page requests after letting `after` through; modes apply to
        every page until changed ({} clears them). The civil registry takes the same faults
        and delay, and one mode: {"mobile_mismatch": true} answers a mobile other than the one
        the registry holds (its last digit changed).
    POST /_tick    {"entity": "<code>" (all when absent), "changes": n | "fraction": f,
                    "indices": [i...], "times": 2}        records change (new versions)
    POST /_inject  {"entity": "<code>", "put": [{"index": i, "fields": {...}}],
                    "add": [{...}]}                         planted inconsistencies
    POST /_inject  {"entity": "commerce_registry", "unlisted": [{...}]}
        registrations the on-demand lookup answers that the feed does not carry (yet)
    GET  /commerce_registry/establishments/<cr_number>
        the registry's record of one CR number (as in the feed), or 404 {"error": "not_found"};
        it meets the commerce registry's faults and delay
    POST /_inject  {"entity": "civil_registry",
                    "put": [{"civil_id": "<number>", "fields": {"mobile": "+968..."}}]}
        a person's fields replaced from now on (a new registered mobile, "" for none; any field,
        even civil_id, to plant a broken answer); a number of nobody is refused (400)
    POST /_reset   faults, modes and the request log cleared (data kept)
    GET  /_state   per entity: records, max_seq, ticks;  GET /_summary?entity=<code>
    GET  /_requests the page and registry requests served, with their cursor (or number) and
                    outcome

Run it alone: `manage.py run_stub_entities --port 8030 --seed 1 --scale 3000`.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
import urllib.parse
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

from core.fakes import LoopbackServer
from integrations.entities import SPECS, Entity
from integrations.stubs.people import person_for
from integrations.stubs.world import FIRST_CR, Feed, World, malformed_line

MAX_LIMIT = 50_000
CHUNK_RECORDS = 1000
# Answers on demand; not a feed, so not in SPECS (the sync machinery must not see it).
CIVIL_REGISTRY = "civil_registry"
STATE_CODES = (*SPECS, CIVIL_REGISTRY)


@dataclass
class EntityState:
    faults: deque[dict[str, Any]] = field(default_factory=deque)
    modes: dict[str, Any] = field(default_factory=dict)
    delay: float = 0.0

    def next_fault(self) -> dict[str, Any] | None:
        while self.faults:
            fault = self.faults[0]
            if fault.get("count", 1) <= 0:
                self.faults.popleft()
                continue
            if fault.get("after", 0) > 0:
                fault["after"] -= 1
                return None
            fault["count"] = fault.get("count", 1) - 1
            return dict(fault)
        return None


class StubEntities(LoopbackServer):
    """The server; `start()` runs it in a thread, `url` is its base URL."""

    def __init__(self, *, seed: int = 1, scale: int = 3000, port: int = 0) -> None:
        self.world = World(seed=seed, scale=scale)
        self.feeds: dict[str, Feed] = {}
        self.states: dict[str, EntityState] = {code: EntityState() for code in STATE_CODES}
        # civil registry: fields replaced per civil or resident number (POST /_inject)
        self.people: dict[str, dict[str, Any]] = {}
        # commerce registry: registrations the lookup answers before the feed brings them
        self.unlisted: dict[str, dict[str, Any]] = {}
        self.requests: deque[dict[str, Any]] = deque(maxlen=10_000)
        self.lock = threading.Lock()
        self.serve(_make_handler(self), port)

    def feed(self, entity: str) -> Feed:
        """The entity's feed, built on first use (a benchmark of one entity builds one)."""
        with self.lock:
            if entity not in self.feeds:
                self.feeds[entity] = Feed(world=self.world, entity=entity)
            return self.feeds[entity]

    # -- control -------------------------------------------------------------------------------

    def control(self, config: dict[str, Any]) -> None:
        target = config.get("entity", "*")
        codes = list(SPECS) if target == "*" else [target]
        with self.lock:
            for code in codes:
                state = self.states[code]
                state.faults.extend(dict(f) for f in config.get("faults", []))
                if "modes" in config:
                    state.modes = dict(config["modes"])
                if "delay" in config:
                    state.delay = float(config["delay"])

    def tick(self, config: dict[str, Any]) -> dict[str, int]:
        codes = [config["entity"]] if config.get("entity") else list(SPECS)
        changed = {}
        for code in codes:
            feed = self.feed(code)
            with self.lock:
                changes = int(config.get("changes", 0))
                if "fraction" in config:
                    changes = round(feed.count * float(config["fraction"]))
                changed[code] = feed.tick(
                    changes=changes,
                    indices=[int(i) for i in config.get("indices", [])],
                    times=int(config.get("times", 1)),
                )
        return changed

    def inject(self, config: dict[str, Any]) -> dict[str, Any]:
        if config["entity"] == CIVIL_REGISTRY:
            return self.inject_people(config)
        feed = self.feed(config["entity"])
        with self.lock:
            for record in config.get("unlisted", []):
                self.unlisted[str(record["cr_number"])] = dict(record)
            for item in config.get("put", []):
                feed.put(int(item["index"]), dict(item["fields"]))
            added = [feed.add(dict(fields)) for fields in config.get("add", [])]
        return {"added": added}

    def registration(self, cr_number: str) -> dict[str, Any] | None:
        """The commerce registry's answer about one CR number (None: no such registration):
        an unlisted one (planted with `/_inject {"unlisted": [...]}`, not in the feed yet), or
        the feed's current record."""
        feed = self.feed(Entity.COMMERCE_REGISTRY)
        with self.lock:
            if cr_number in self.unlisted:
                return {**self.unlisted[cr_number], "version": 0, "seq": 0}
            index = int(cr_number) - FIRST_CR if cr_number.isdigit() else -1
            if not 0 <= index < feed.base:
                index = next(
                    (
                        feed.base + i
                        for i, extra in enumerate(feed.extra)
                        if extra.get("cr_number") == cr_number
                    ),
                    -1,
                )
            if index < 0:
                return None
            return feed.record(index, feed.versions[index], feed.seq_of[index])

    def inject_people(self, config: dict[str, Any]) -> dict[str, Any]:
        """Replace fields of registry people from now on; KeyError for a number of nobody."""
        puts = [(str(item["civil_id"]), dict(item["fields"])) for item in config.get("put", [])]
        for civil_id, _fields in puts:
            if person_for(civil_id) is None:
                raise KeyError(f"no person with number {civil_id}")
        with self.lock:
            for civil_id, fields in puts:
                self.people.setdefault(civil_id, {}).update(fields)
        return {"put": len(puts)}

    def person_record(self, number: str) -> dict[str, Any] | None:
        """The registry's answer for `number` (None: nobody), as its mode says to answer it."""
        person = person_for(number)
        if person is None:
            return None
        with self.lock:
            record = {**person.as_record(), **self.people.get(number, {})}
            mismatch = bool(self.states[CIVIL_REGISTRY].modes.get("mobile_mismatch"))
        mobile = str(record.get("mobile") or "")
        if mismatch and mobile and mobile[-1].isdigit():
            record["mobile"] = mobile[:-1] + str((int(mobile[-1]) + 1) % 10)
        return record

    def reset(self) -> None:
        with self.lock:
            for code in STATE_CODES:
                self.states[code] = EntityState()
            self.requests.clear()

    def page_lines(
        self, entity: str, *, cursor: int, limit: int
    ) -> tuple[dict[str, Any], Iterator[bytes]]:
        """The page header and its record lines, misbehaving as the entity's modes say. Lines
        are generated as they are sent, so a large page starts arriving at once."""
        feed = self.feed(entity)
        modes = self.states[entity].modes
        with self.lock:
            entries, next_cursor = feed.entries(
                cursor=cursor, limit=limit, stale=bool(modes.get("serve_stale"))
            )
            has_more = next_cursor < feed.max_seq
        malformed_every = int(modes.get("malformed_every") or 0)
        duplicate_every = int(modes.get("duplicate_every") or 0)
        count = len(entries)
        if duplicate_every:
            count += sum(1 for _index, _version, seq in entries if seq % duplicate_every == 0)

        def lines() -> Iterator[bytes]:
            for index, version, seq in entries:
                if malformed_every and seq % malformed_every == 0:
                    record = feed.record(index, version, seq)
                    line = malformed_line(entity, record, seq // malformed_every)
                else:
                    line = feed.line(index, version, seq)
                yield line
                if duplicate_every and seq % duplicate_every == 0:
                    yield line

        generated: Iterator[bytes] = lines()
        if modes.get("out_of_order"):
            generated = iter(list(generated)[::-1])
        header = {"next_cursor": str(next_cursor), "has_more": has_more, "count": count}
        return header, generated


def _make_handler(stub: StubEntities) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def log_message(self, format: str, *args: Any) -> None:
            return

        def _send_json(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)

        def _body(self) -> dict[str, Any]:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            return dict(json.loads(raw or b"{}"))

        def _chunk(self, data: bytes) -> None:
            self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))

        def do_GET(self) -> None:
            parsed = urllib.parse.urlsplit(self.path)
            query = dict(urllib.parse.parse_qsl(parsed.query))
            if parsed.path == "/_state":
                with stub.lock:
                    state = {
                        code: {"records": f.count, "max_seq": f.max_seq, "ticks": f.ticks}
                        for code, f in stub.feeds.items()
                    }
                self._send_json(200, state)
                return
            if parsed.path == "/_summary":
                feed = stub.feed(query.get("entity", ""))
                with stub.lock:
                    self._send_json(200, feed.summary())
                return
            if parsed.path == "/_requests":
                with stub.lock:
                    self._send_json(200, list(stub.requests))
                return
            parts = parsed.path.strip("/").split("/")
            if len(parts) == 3 and parts[:2] == [CIVIL_REGISTRY, "people"]:
                self._person(urllib.parse.unquote(parts[2]))
                return
            if len(parts) == 3 and parts[:2] == [Entity.COMMERCE_REGISTRY, "establishments"]:
                self._registration(urllib.parse.unquote(parts[2]))
                return
            if len(parts) != 2 or parts[1] != "records" or parts[0] not in SPECS:
                self._send_json(404, {"detail": "no such entity"})
                return
            self._records(parts[0], query)

        def _fault(self, entity: str, log: dict[str, Any]) -> tuple[str, dict[str, Any] | None]:
            """The fault this request meets (logged with its outcome), after the entity's delay."""
            state = stub.states[entity]
            with stub.lock:
                fault = state.next_fault()
                delay = state.delay
            kind = fault["kind"] if fault else "ok"
            with stub.lock:
                stub.requests.append({"entity": entity, **log, "outcome": kind})
            if delay:
                time.sleep(delay)
            return kind, fault

        def _misbehave(self, kind: str, fault: dict[str, Any] | None) -> bool:
            """Act out the fault `kind`; True when that was the whole answer."""
            if kind in {"500", "503"}:
                self._send_json(int(kind), {"detail": "the entity is unavailable"})
                return True
            if kind == "429":
                retry_after = str(fault.get("retry_after", 1) if fault else 1)
                self._send_json(429, {"detail": "slow down"}, {"Retry-After": retry_after})
                return True
            if kind == "reset":
                self.close_connection = True
                return True
            if kind in {"timeout", "slow"}:
                time.sleep(float(fault.get("seconds", 5 if kind == "timeout" else 0.5)))  # type: ignore[union-attr]
            if kind == "garbage":
                body = b"<html><body>Service under maintenance</body></html>"
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return True
            return False

        def _person(self, number: str) -> None:
            kind, fault = self._fault(CIVIL_REGISTRY, {"number": number})
            if self._misbehave(kind, fault):
                return
            record = stub.person_record(number)
            if record is None:
                self._send_json(404, {"error": "not_found"})
                return
            if kind == "truncated":
                payload = json.dumps(record).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload[: len(payload) // 2])
                self.close_connection = True
                return
            self._send_json(200, record)

        def _registration(self, cr_number: str) -> None:
            kind, fault = self._fault(Entity.COMMERCE_REGISTRY, {"cr_number": cr_number})
            if self._misbehave(kind, fault):
                return
            record = stub.registration(cr_number)
            if record is None:
                self._send_json(404, {"error": "not_found"})
                return
            self._send_json(200, record)

        def _records(self, entity: str, query: dict[str, str]) -> None:
            try:
                cursor = int(query.get("cursor") or query.get("since") or 0)
                limit = min(max(int(query.get("limit") or 1000), 1), MAX_LIMIT)
            except ValueError:
                self._send_json(400, {"detail": "cursor and limit are whole numbers"})
                return
            kind, fault = self._fault(entity, {"cursor": cursor})
            if self._misbehave(kind, fault):
                return
            header, lines = stub.page_lines(entity, cursor=cursor, limit=limit)
            try:
                self.send_response(200)
                self.send_header("Content-Type", "application/x-ndjson")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                self._chunk(json.dumps({"page": header}).encode() + b"\n")
                stop = header["count"] // 2 if kind == "truncated" else header["count"]
                for start in range(0, stop, CHUNK_RECORDS):
                    part = list(itertools.islice(lines, min(CHUNK_RECORDS, stop - start)))
                    self._chunk(b"\n".join(part) + b"\n")
                if kind == "truncated":
                    self.close_connection = True
                    return
                self.wfile.write(b"0\r\n\r\n")
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True

        def do_POST(self) -> None:
            parsed = urllib.parse.urlsplit(self.path)
            try:
                body = self._body()
                if parsed.path == "/_control":
                    stub.control(body)
                    self._send_json(200, {"ok": True})
                elif parsed.path == "/_tick":
                    self._send_json(200, {"changed": stub.tick(body)})
                elif parsed.path == "/_inject":
                    self._send_json(200, stub.inject(body))
                elif parsed.path == "/_reset":
                    stub.reset()
                    self._send_json(200, {"ok": True})
                else:
                    self._send_json(404, {"detail": "not found"})
            except (KeyError, ValueError, TypeError, IndexError) as error:
                self._send_json(400, {"detail": f"bad control request: {error!r}"})

    return Handler
