"""Reads under writes on loopback: concurrent readers of the HTTP API while articles are posted.

    .venv/bin/python benchmarks/api_load.py                         # 1,000 stored, 50 readers, 30 s
    .venv/bin/python benchmarks/api_load.py --db copy.db --stored 10000  # a store built before

Builds a store of ``--stored`` corpus articles (``corpus.build_corpus``; or uses
``--db``, e.g. one kept by ``incremental.py --keep``), starts ``newsfuse serve``
on a free loopback port (its own process, with its background analysis
process), and for ``--seconds`` runs ``--readers`` concurrent clients, each
reading in a loop (a story's report, an article, the story list, a page of
articles, the status) with ``--think`` seconds between its requests on average
(0 for clients that never pause: the latency then measures the queue), while
a writer posts the next corpus article every ``--write-every`` seconds. Prints
p50/p90/p99/max latency of the reads (per endpoint and together) and of the
writes (which answer 202 once stored), then
how long the background analysis took to catch up with the writes, and the CPU
seconds of the server and of its analysis process. Bounded throughout: the
clients stop at ``--seconds``, the catch-up is awaited ``--catch-up`` seconds
at most, and the server is stopped at the end.

The clients run in this process (asyncio + httpx): on a small machine they take
CPU from the server, so the figures are an upper bound on what a remote client sees.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "src"))

from bench import OUT, raw_inputs  # noqa: E402
from corpus import build_corpus  # noqa: E402

TOKEN = "benchmark-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
# what a reader asks for, and how often
READS = (("story", 4), ("article", 3), ("stories", 1), ("articles", 1), ("status", 1))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def process_cpu(pid: int | None) -> float:
    """Return the CPU seconds a live process has used (Linux /proc), 0 if it is gone."""
    if not pid:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentiles(values: Sequence[float]) -> dict[str, float]:
    ordered = sorted(values)
    if not ordered:
        return {}

    def at(share: float) -> float:
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000

    return {"n": len(ordered), "p50": at(0.5), "p90": at(0.9), "p99": at(0.99), "max": at(1.0)}


async def run_load(
    base: str,
    readers: int,
    seconds: float,
    think: float,
    write_every: float,
    posts: list[dict[str, Any]],
) -> dict[str, Any]:
    import httpx

    limits = httpx.Limits(max_connections=readers + 2, max_keepalive_connections=readers + 2)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        stories = [s["id"] for s in (await client.get("/api/stories")).json()["stories"]]
        articles = [
            a["id"] for a in (await client.get("/api/articles?limit=1000")).json()["articles"]
        ]
        stop = time.perf_counter() + seconds
        timings: dict[str, list[float]] = {name: [] for name, _ in READS}
        slowest: list[tuple[float, float, str]] = []  # (latency, when after the start, path)
        begun = time.perf_counter()
        errors: list[str] = []
        written: list[float] = []
        ids: list[str] = []
        names = [name for name, weight in READS for _ in range(weight)]

        async def reader(seed: int) -> None:
            rng = random.Random(seed)
            await asyncio.sleep(rng.uniform(0, think))  # clients arrive spread out, not at once
            while time.perf_counter() < stop:
                name = rng.choice(names)
                path = {
                    "story": f"/api/stories/{rng.choice(stories)}" if stories else "/api/status",
                    "article": f"/api/articles/{rng.choice(articles)}",
                    "stories": "/api/stories",
                    "articles": f"/api/articles?limit=50&offset={rng.randrange(0, 500)}",
                    "status": "/api/status",
                }[name]
                started = time.perf_counter()
                response = await client.get(path, follow_redirects=True)
                timings[name].append(time.perf_counter() - started)
                slowest.append((time.perf_counter() - started, started - begun, path))
                if response.status_code != 200:
                    errors.append(f"{path}: {response.status_code}")
                if think:
                    await asyncio.sleep(rng.uniform(0.5, 1.5) * think)

        async def writer() -> None:
            for post in posts:
                if time.perf_counter() >= stop:
                    return
                started = time.perf_counter()
                response = await client.post("/api/articles", json=post, headers=AUTH)
                written.append(time.perf_counter() - started)
                slowest.append((time.perf_counter() - started, started - begun, "POST"))
                if response.status_code != 202:
                    errors.append(f"POST: {response.status_code} {response.text[:200]}")
                else:
                    ids.extend(response.json()["articles"])
                pause = min(
                    write_every - (time.perf_counter() - started), stop - time.perf_counter()
                )
                await asyncio.sleep(max(0.0, pause))

        await asyncio.gather(writer(), *(reader(n) for n in range(readers)))
    every = [value for values in timings.values() for value in values]
    return {
        "reads": percentiles(every),
        "reads_per_s": len(every) / seconds,
        "by_endpoint": {name: percentiles(values) for name, values in timings.items()},
        "writes": percentiles(written),
        "written": len(ids),
        "errors": errors[:20],
        "error_count": len(errors),
        # the slowest requests and when they started: shows whether slow ones come together
        "slowest": [(round(s * 1000), round(at, 2), path) for s, at, path in sorted(slowest)[-8:]],
    }


def build(db: Path, stored: int, seed: int) -> None:
    from newsfuse import api
    from newsfuse.settings import Settings
    from newsfuse.store import open_store

    store = open_store(db)
    records = build_corpus(stored, seed)
    api.ingest_inputs(raw_inputs(records), store, Settings())
    store.close()


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stored", type=int, default=1000)
    parser.add_argument("--db", type=Path, help="an existing store to serve (else one is built)")
    parser.add_argument("--readers", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument(
        "--think", type=float, default=0.5, help="mean pause between a reader's reads"
    )
    parser.add_argument("--write-every", type=float, default=1.0, help="seconds between posts")
    parser.add_argument("--catch-up", type=float, default=600, help="longest wait for analysis")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    import httpx

    with tempfile.TemporaryDirectory() as scratch:
        db = args.db or Path(scratch) / "store.db"
        if args.db is None:
            print(f"building a store of {args.stored:,} articles ...", flush=True)
            started = time.perf_counter()
            build(db, args.stored, args.seed)
            print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)
        # the posts: corpus articles after the stored ones (a larger corpus, same seed)
        count = int(args.seconds / args.write_every) + 5
        extra = build_corpus(args.stored + count, args.seed)[args.stored :]
        posts = [
            {
                "text": r["text"],
                "title": r["title"],
                "url": r["url"],
                "published": r["date_publish"],
                "outlet": r["source_domain"],
            }
            for r in extra
        ]
        port = free_port()
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        command = [
            sys.executable,
            "-m",
            "newsfuse.cli",
            "serve",
            "--db",
            str(db),
            "--port",
            str(port),
            "--token",
            TOKEN,
        ]
        server = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(600):
                try:
                    if httpx.get(f"{base}/api/status", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.1)
            server_cpu = process_cpu(server.pid)
            result = asyncio.run(
                run_load(base, args.readers, args.seconds, args.think, args.write_every, posts)
            )
            started = time.perf_counter()
            worker_pid = None
            while time.perf_counter() - started < args.catch_up:
                status = httpx.get(f"{base}/api/status", timeout=30).json()
                worker_pid = status["worker"].get("process") or worker_pid
                if (
                    not status["pending"]
                    and not status["worker"]["running"]
                    and not status["worker"]["queued"]
                ):
                    break
                time.sleep(0.5)
            result["catch_up_s"] = time.perf_counter() - started
            result["final_status"] = status
            result["server_cpu_s"] = process_cpu(server.pid) - server_cpu
            result["worker_cpu_s"] = process_cpu(worker_pid)
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
    result.update(
        stored=args.stored if args.db is None else str(args.db),
        readers=args.readers,
        seconds=args.seconds,
        think=args.think,
    )
    _print(result)
    OUT.mkdir(exist_ok=True)
    (OUT / "api-load-latest.json").write_text(json.dumps(result, indent=2))


def _print(result: dict[str, Any]) -> None:
    def line(name: str, p: dict[str, float]) -> str:
        if not p:
            return f"  {name:9} (none)"
        return (
            f"  {name:9} n={p['n']:6.0f}  p50 {p['p50']:7.1f} ms  p90 {p['p90']:7.1f} ms"
            f"  p99 {p['p99']:7.1f} ms  max {p['max']:7.1f} ms"
        )

    print(
        f"{result['readers']} readers ({result['think']} s between reads) for"
        f" {result['seconds']:.0f} s, store {result['stored']}:"
    )
    print(line("reads", result["reads"]) + f"  ({result['reads_per_s']:.0f}/s)")
    for name, p in result["by_endpoint"].items():
        print(line(name, p))
    print(line("writes", result["writes"]) + f"  ({result['written']} articles, 202)")
    print(
        f"  analysis caught up {result['catch_up_s']:.1f} s after the last write;"
        f" cpu: server {result['server_cpu_s']:.1f} s,"
        f" analysis process {result['worker_cpu_s']:.1f} s;"
        f" {result['error_count']} errors {result['errors'][:3]}"
    )
    print("  slowest (ms, started s after the start, path):", result["slowest"])


if __name__ == "__main__":
    main()
