"""Load test on loopback against `gunicorn app:server -w N`: rps, p50/p95/p99, start-up, RSS per worker.

Run: `python -m benchmarks.bench_load [--workers 1 2] [--users 20] [--requests 400] [--data data]`
(`--quick`: one worker, 4 users, 20 requests per endpoint, no think-time pass; the CI smoke run).
Any answer other than 200 under load stops the run (no rate is printed for errors).
For each worker count it starts gunicorn on a free port (SQLite in a temp dir unless
IMAPDASH_DATABASE_URL / IMAPDASH_REDIS_URL are set in the environment), waits until every worker
answers, then drives `--users` concurrent clients (a thread pool, one HTTP connection per request,
as gunicorn's sync workers close it anyway) against:

- GET /healthz, GET /api/v1/flows.json?route=…&year=…, GET /api/v1/flows/by-route.json?…
- POST /_dash-update-component for the router (`page-content.children`, pathname "/") and, if the
  explorer view exists, the first callback whose output contains "explorer-map"; its input values
  are read from the layout the router returns for the explorer's path, so nothing is hard-coded.

Two passes per worker count: saturation (every user sends its next request as soon as the previous
answers: rps is the capacity, latency is mostly queueing) and users with an exponential think time
(`--think`, default 1 s: what "20 concurrent users" of a dashboard look like). The client runs on the
same two cores as the server, so the figures are a lower bound.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
WORKER_HEADER = "X-Imapdash-Worker"


@dataclass(frozen=True)
class Call:
    name: str
    method: str
    path: str
    body: bytes | None = None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def request(port: int, call: Call) -> tuple[float, int, str, bytes]:
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Content-Type": "application/json"} if call.body is not None else {}
    conn.request(call.method, call.path, body=call.body, headers=headers)
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return time.perf_counter() - started, response.status, response.getheader(WORKER_HEADER, ""), data


def start_gunicorn(workers: int, port: int, data_dir: Path, tmp: Path) -> tuple[subprocess.Popen, float]:
    env = dict(os.environ)
    env.setdefault("IMAPDASH_DATABASE_URL", f"sqlite:///{tmp / 'bench.db'}")
    env.update(
        {
            "IMAPDASH_DATA_DIR": str(data_dir),
            "IMAPDASH_INSTANCE_DIR": str(tmp),
            "IMAPDASH_SECRET_KEY": "bench-secret-key-0123456789abcdef",
            "IMAPDASH_EXPOSE_WORKER": "1",
        }
    )
    started = time.perf_counter()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-w",
            str(workers),
            "-b",
            f"127.0.0.1:{port}",
            "--timeout",
            "120",
            "app:server",
        ],
        cwd=REPO,
        env=env,
        stdout=(tmp / "gunicorn.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    seen: set[str] = set()
    deadline = time.monotonic() + 180
    while len(seen) < workers:
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"gunicorn did not start; see {tmp / 'gunicorn.log'}")
        try:
            _, status, pid, _ = request(port, Call("healthz", "GET", "/healthz"))
        except OSError:
            time.sleep(0.1)
            continue
        if status == 200:
            seen.add(pid)
        time.sleep(0.02)
    return proc, time.perf_counter() - started


def _strip(prop: str) -> str:
    return prop.split("@", 1)[0]


def _outputs(output: str) -> Any:
    if output.startswith(".."):
        parts = [p for p in output.strip(".").split("...") if p]
        return [{"id": p.rsplit(".", 1)[0], "property": _strip(p.rsplit(".", 1)[1])} for p in parts]
    component, prop = output.rsplit(".", 1)
    return {"id": component, "property": _strip(prop)}


def _props(tree: Any) -> Iterator[tuple[str, dict]]:
    """(id, props) of every component with a string id in a Dash component tree."""
    if isinstance(tree, list):
        for item in tree:
            yield from _props(item)
    elif isinstance(tree, dict) and "props" in tree:
        props = tree["props"]
        if isinstance(props.get("id"), str):
            yield props["id"], props
        for value in props.values():
            if isinstance(value, dict | list):
                yield from _props(value)


def callback_body(dep: dict, values: dict[tuple[str, str], Any]) -> bytes:
    def items(specs: list[dict]) -> list[dict]:
        return [
            {"id": s["id"], "property": s["property"], "value": values.get((s["id"], s["property"]))} for s in specs
        ]

    inputs = items(dep["inputs"])
    body = {
        "output": dep["output"],
        "outputs": _outputs(dep["output"]),
        "inputs": inputs,
        "changedPropIds": [f"{inputs[0]['id']}.{inputs[0]['property']}"],
        "state": items(dep["state"]),
    }
    return json.dumps(body).encode()


def build_calls(port: int) -> list[Call]:
    """The endpoints to load, with callback payloads built from /_dash-dependencies and the layout."""
    deps = json.loads(request(port, Call("deps", "GET", "/_dash-dependencies"))[3])
    router = next(d for d in deps if "page-content.children" in d["output"])
    calls = [
        Call("GET /healthz", "GET", "/healthz"),
        Call("GET /api/v1/flows.json", "GET", "/api/v1/flows.json?route=central-mediterranean&year=2023"),
        Call(
            "GET /api/v1/flows/by-route.json", "GET", "/api/v1/flows/by-route.json?from=2015&to=2024&measure=detections"
        ),
        Call(
            "POST router pathname=/",
            "POST",
            "/_dash-update-component",
            callback_body(router, {("url", "pathname"): "/", ("url", "search"): ""}),
        ),
    ]
    explorer = next(
        (
            d
            for d in deps
            if "explorer-map" in d["output"] and not d["output"].startswith("{") and not d.get("clientside_function")
        ),
        None,
    )  # a server callback: a clientside one (the year change) has no server side to load
    if explorer is not None:
        from imapdash.views import explorer as explorer_view

        page = request(
            port,
            Call(
                "page",
                "POST",
                "/_dash-update-component",
                callback_body(router, {("url", "pathname"): explorer_view.PATH, ("url", "search"): ""}),
            ),
        )[3]
        children = json.loads(page)["response"]["page-content"]["children"]
        values = {(cid, prop): value for cid, props in _props(children) for prop, value in props.items()}
        calls.append(
            Call(f"POST {explorer['output'][:40]}", "POST", "/_dash-update-component", callback_body(explorer, values))
        )
    for call in calls:
        _, status, _, data = request(port, call)
        if status != 200:
            raise RuntimeError(f"{call.name}: HTTP {status}: {data[:300]!r}")
    return calls


def load(port: int, call: Call, users: int, total: int, think: float = 0.0) -> dict[str, Any]:
    """`users` clients share `total` requests; each waits ~`think` s (exponential) between its requests."""
    per_user = max(1, total // users)

    def user(seed: int) -> list[tuple[float, int, str, bytes]]:
        rng = random.Random(seed)
        out = []
        for _ in range(per_user):
            if think:
                time.sleep(rng.expovariate(1 / think))
            out.append(request(port, call))
        return out

    with ThreadPoolExecutor(max_workers=users) as pool:
        started = time.perf_counter()
        results = [r for batch in pool.map(user, range(users)) for r in batch]
        wall = time.perf_counter() - started
    latencies = sorted(r[0] * 1000 for r in results)
    errors = sum(1 for r in results if r[1] != 200)

    def pct(q: float) -> float:
        return latencies[min(len(latencies) - 1, int(q * len(latencies)))]

    return {
        "rps": len(results) / wall,
        "p50": statistics.median(latencies),
        "p95": pct(0.95),
        "p99": pct(0.99),
        "errors": errors,
        "workers_seen": len({r[2] for r in results}),
        "bytes": len(results[0][3]),
    }


def report(port: int, calls: list[Call], users: int, total: int, think: float) -> None:
    mode = f"think time {think:g} s (exponential)" if think else "no think time (saturation)"
    print(f"  {users} concurrent users, {mode}, {total} requests per endpoint")
    print(f"  {'endpoint':42s} {'rps':>7s} {'p50 ms':>8s} {'p95 ms':>8s} {'p99 ms':>8s} {'err':>4s} {'KB':>6s}")
    for call in calls:
        r = load(port, call, users, total, think)
        if r["errors"]:
            raise SystemExit(f"benchmark failed: {call.name}: {r['errors']} of the requests did not answer 200")
        print(
            f"  {call.name:42s} {r['rps']:7.1f} {r['p50']:8.1f} {r['p95']:8.1f} {r['p99']:8.1f} "
            f"{r['errors']:4d} {r['bytes'] / 1024:6.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--requests", type=int, default=400, help="requests per endpoint")
    parser.add_argument("--think", type=float, default=1.0, help="mean think time of the second pass (0: skip)")
    parser.add_argument("--think-requests", type=int, default=10, help="requests per user in the second pass")
    parser.add_argument("--data", type=Path, default=REPO / "data")
    parser.add_argument("--quick", action="store_true", help="CI smoke run: -w 1, 4 users, 20 requests")
    args = parser.parse_args()
    if args.quick:
        args.workers, args.users, args.requests, args.think = [1], 4, 20, 0.0
    for workers in args.workers:
        with tempfile.TemporaryDirectory(prefix="imapdash-bench-") as tmp:
            port = free_port()
            proc, startup = start_gunicorn(workers, port, args.data.resolve(), Path(tmp))
            try:
                calls = build_calls(port)
                print(f"\n-w {workers}: start-up to all workers answering {startup:.1f} s")
                for call in calls:
                    load(port, call, args.users, args.users)  # warm-up
                report(port, calls, args.users, args.requests, 0.0)
                if args.think:
                    report(port, calls, args.users, args.users * args.think_requests, args.think)
                children = psutil.Process(proc.pid).children()
                rss = ", ".join(f"{c.memory_info().rss / 1e6:.0f}" for c in children)
                print(f"RSS per worker after the load (MB): {rss}")
            finally:
                proc.terminate()
                proc.wait(30)


if __name__ == "__main__":
    main()
