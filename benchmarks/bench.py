"""Throughput and memory of the stages and the whole pipeline, at several corpus sizes.

    .venv/bin/python benchmarks/bench.py --sizes 1000 10000
    .venv/bin/python benchmarks/bench.py --sizes 1000 --stages cluster dedupe+cluster

Each (stage, size) runs in its own subprocess, so one measurement's memory
never leaks into the next: ``rss`` is the process's peak resident set
(ru_maxrss) after the stage, ``rss_delta`` what the stage added over the
loaded inputs and models, ``heap`` the peak of Python allocations under
tracemalloc (a second, untimed run; torch's own buffers are not traced),
``cpu`` the process's CPU time (wall time suffers on a shared machine).
Inputs are prepared before the clock starts; models are loaded and warmed up
first. A stage whose module does not import yet is skipped with a
note. Results are printed as a table and written to ``benchmarks/out/``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import threading
import time
import tracemalloc
from collections.abc import Callable, Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import Any

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

from corpus import build_corpus, write_corpus  # noqa: E402

STAGES = (
    "clean",
    "dedupe",
    "cluster",
    "dedupe+cluster",
    "cluster+minilm",
    "cluster-baseline",
    "read",
    "read-rules",
    "stories",
    "pipeline",
)
TARGETS = {
    "dedupe+cluster": "≥ 1,000 articles/s",
    "pipeline": "≥ 50 articles/s",
}
MAX_GROWTH = 12.0  # time(10k) / time(1k) for a near-linear stage
MAX_RSS_MB = 2048
BASELINE_MAX = 5000  # the baseline's dense similarity matrix: 200 MB at 5,000 articles


# ------------------------------------------------------------------ the worker


def corpus_path(size: int, seed: int) -> Path:
    """Return the corpus file for ``size`` articles, building it on first use."""
    path = OUT / f"corpus-{size}-{seed}.jsonl"
    if not path.exists():
        write_corpus(build_corpus(size, seed), path)
    return path


def load_records(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def raw_inputs(records: Sequence[dict[str, Any]]) -> list[Any]:
    from newsfuse.records import RawInput

    return [
        RawInput(
            source=record["id"],
            content=record["text"],
            url=record["url"],
            title=record["title"],
            published_at=record["date_publish"],
            outlet=record["source_domain"],
        )
        for record in records
    ]


def articles_of(records: Sequence[dict[str, Any]], settings: Any) -> list[Any]:
    """Return the records as articles: cleaned if the clean stage exists, else minimal ones."""
    try:
        from newsfuse.stages.clean import clean
    except ImportError:
        from newsfuse.clustering import record_article

        return [record_article(record) for record in records]
    from newsfuse.errors import InputError

    articles = []
    for raw in raw_inputs(records):
        try:
            articles.append(clean(raw, settings))
        except InputError:
            continue
    return articles


def deduped(articles: Sequence[Any], settings: Any) -> list[Any]:
    try:
        from newsfuse.stages.dedupe import dedupe
    except ImportError:
        return list(articles)
    return list(dedupe(articles, settings).articles)


def cluster_scores(
    stories: Sequence[Any], articles: Sequence[Any], records: Sequence[dict]
) -> dict:
    """B-cubed F1 of the stories against the corpus's own stories (a sanity check)."""
    from newsfuse.clustering import score_clusters

    story_of_record = {record["id"]: record["gold_story"] for record in records}
    gold = {a.id: story_of_record[a.source] for a in articles if a.source in story_of_record}
    predicted = {article: story.id for story in stories for article in story.articles}
    scores = score_clusters(predicted, gold)
    return {
        "bcubed_f1": round(scores["bcubed_f1"], 4),
        "pairwise_f1": round(scores["pairwise_f1"], 4),
    }


def dedupe_scores(result: Sequence[Any], records: Sequence[dict]) -> dict:
    """Recall and precision of the corpus's near-copies among the duplicates found."""
    by_id = {article.id: article.source for article in result}
    copies = {record["id"] for record in records if record["copy_of"]}
    found = {article.source for article in result if article.duplicate_of in by_id}
    hits = len(copies & found)
    return {
        "copy_recall": round(hits / len(copies), 4) if copies else 1.0,
        "copy_precision": round(hits / len(found), 4) if found else 1.0,
    }


def prepare(
    stage: str, path: Path, settings: Any
) -> tuple[Callable[[], Any], Callable[[Any], dict], int]:
    """Return (the timed call, a scorer of its result, the number of articles it handles)."""
    records = load_records(path)
    if stage == "clean":
        from newsfuse.errors import InputError
        from newsfuse.stages.clean import clean

        inputs = raw_inputs(records)

        def run_clean() -> int:
            kept = 0
            for raw in inputs:
                try:
                    clean(raw, settings)
                    kept += 1
                except InputError:
                    pass
            return kept

        return run_clean, lambda kept: {"cleaned": kept}, len(inputs)
    if stage == "dedupe":
        from newsfuse.stages.dedupe import dedupe

        articles = articles_of(records, settings)
        return (
            lambda: dedupe(articles, settings).articles,
            lambda out: dedupe_scores(out, records),
            len(articles),
        )
    if stage in ("cluster", "cluster+minilm"):
        from newsfuse.stages.cluster import cluster

        articles = deduped(articles_of(records, settings), settings)
        embedder = None
        if stage == "cluster+minilm":
            from newsfuse.models import load_embedder

            embedder = load_embedder()
            embedder.encode(["warm up"], show_progress_bar=False)
        return (
            lambda: cluster(articles, settings, embedder),
            lambda stories: cluster_scores(stories, articles, records),
            len(articles),
        )
    if stage == "cluster-baseline":
        # The plain baseline of benchmarks/quality_cluster.py, for the speed ratio:
        # batch average linkage over all pairs, so quadratic in time and memory.
        from quality_cluster import BASELINE_THRESHOLD, baseline_labels, baseline_text

        articles = deduped(articles_of(records, settings), settings)
        if len(articles) > BASELINE_MAX:
            raise SystemExit(f"not run above {BASELINE_MAX:,} articles (n^2 similarities)")
        texts = [baseline_text(article.title, article.text) for article in articles]

        def run_baseline() -> list[Any]:
            groups: dict[int, list[str]] = {}
            labels = baseline_labels(texts, BASELINE_THRESHOLD)
            for article, label in zip(articles, labels, strict=True):
                groups.setdefault(label, []).append(article.id)
            return [SimpleNamespace(id=str(label), articles=ids) for label, ids in groups.items()]

        return (
            run_baseline,
            lambda stories: cluster_scores(stories, articles, records),
            len(articles),
        )
    if stage == "dedupe+cluster":
        from newsfuse.stages.cluster import cluster
        from newsfuse.stages.dedupe import dedupe

        articles = articles_of(records, settings)

        def run_both() -> Any:
            return cluster(dedupe(articles, settings).articles, settings)

        return run_both, lambda stories: cluster_scores(stories, articles, records), len(articles)
    if stage in ("read", "read-rules"):
        # The understanding stages: spaCy parse + entity fixes, dates, figures, quotes, events
        # (typed with MiniLM for "read", by the trigger rules alone for "read-rules").
        from newsfuse.pipeline import Resources
        from newsfuse.stages.read import read

        articles = deduped(articles_of(records, settings), settings)
        resources = Resources.load(settings)
        embedder = resources.embedder if stage == "read" else None
        read(articles[:2], resources.nlp, settings, embedder)  # warm up models and caches
        return (
            lambda: read(articles, resources.nlp, settings, embedder),
            lambda readings: {"events": sum(len(r.events) for r in readings)},
            len(articles),
        )
    if stage == "stories":
        # The per-story stages (entities, places, merge, corroborate, brief) on read articles.
        from newsfuse.pipeline import Pipeline, Resources
        from newsfuse.stages.cluster import cluster
        from newsfuse.stages.read import read

        articles = deduped(articles_of(records, settings), settings)
        resources = Resources.load(settings)
        readings = {r.article: r for r in read(articles, resources.nlp, settings, None)}
        stories = cluster(articles, settings)
        by_id = {article.id: article for article in articles}
        pipeline = Pipeline(settings, resources)

        def run_stories() -> Any:
            return [pipeline.analyze_story(story, by_id, readings) for story in stories]

        return run_stories, lambda reports: {"stories": len(reports)}, len(articles)
    if stage == "pipeline":
        from newsfuse import api

        # Files of 500 records: one file of 10k articles is over max_input_bytes.
        parts = [
            write_corpus(records[start : start + 500], path.with_suffix(f".part{start:06d}.jsonl"))
            for start in range(0, len(records), 500)
        ]

        def run_pipeline() -> Any:
            return api.analyze([str(part) for part in parts], settings)

        def describe(report: Any) -> dict:
            return {"stories": len(report.stories), "dropped": len(report.dropped)}

        return run_pipeline, describe, len(records)
    raise SystemExit(f"unknown stage {stage!r}; choose from {', '.join(STAGES)}")


def worker(stage: str, size: int, seed: int, overrides: dict[str, Any], heap: bool) -> dict:
    """Measure one stage on one corpus size in this process; return the figures."""
    from newsfuse.settings import Settings

    settings = Settings().merged(overrides)
    run, score, count = prepare(stage, corpus_path(size, seed), settings)
    rss_before = _rss_mb()
    sampler = _PssSampler()
    sampler.start()
    start, cpu_start = time.perf_counter(), cpu_seconds()
    result = run()
    seconds = time.perf_counter() - start
    cpu = cpu_seconds() - cpu_start
    sampler.stop()
    figures = {
        "stage": stage,
        "size": size,
        "articles": count,
        "seconds": round(seconds, 3),
        "articles_per_s": round(count / seconds, 1) if seconds else None,
        # CPU time of this process (all its threads) and its worker processes.
        "cpu_s": round(cpu, 3),
        "articles_per_cpu_s": round(count / cpu, 1) if cpu else None,
        "rss_mb": round(_rss_mb(), 1),
        "rss_delta_mb": round(_rss_mb() - rss_before, 1),
        # The largest worker process's peak (forked: much of it shared with this process).
        "worker_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
        # This process and its workers together, shared pages counted once (sampled).
        "total_pss_mb": sampler.peak_mb,
        **score(result),
    }
    del result
    if heap:
        tracemalloc.start()
        run()
        figures["heap_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
        tracemalloc.stop()
    return figures


class _PssSampler(threading.Thread):
    """Track the peak proportional set size of this process and its children.

    PSS splits each shared page among the processes that map it, so the sum is
    the memory the stage really holds, forked workers included. Reading it walks
    every page table (46 ms for a 1.3 GB process, 23 ms for its worker): sampled
    twice a second it took 14% of a core from the run it measured. So the
    resident size (``statm``, a constant-time read) is polled four times a second,
    and PSS is read only when that reaches a new high, and once at the end.
    """

    POLL_S = 0.25
    RISE = 1.02  # re-read PSS when the resident total grows 2% past its last high

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_mb = 0.0
        self._high_rss_kb = 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.wait(self.POLL_S):
            pids = [os.getpid(), *_children(os.getpid())]
            rss = sum(_rss_kb(pid) for pid in pids)
            if rss > self._high_rss_kb * self.RISE:
                self._high_rss_kb = rss
                self._sample(pids)

    def stop(self) -> None:
        self._done.set()
        self.join()
        self._sample([os.getpid(), *_children(os.getpid())])

    def _sample(self, pids: list[int]) -> None:
        total = sum(_pss_kb(pid) for pid in pids) / 1024
        self.peak_mb = round(max(self.peak_mb, total), 1)


def _rss_kb(pid: int) -> int:
    try:
        return (
            int(Path(f"/proc/{pid}/statm").read_text().split()[1])
            * os.sysconf("SC_PAGE_SIZE")
            // 1024
        )
    except (OSError, IndexError, ValueError):
        return 0


def _children(parent: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == parent:
                found.append(int(entry.name))
    return found


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def cpu_seconds() -> float:
    """Return the CPU seconds of this process and of its finished children (the read workers)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def _rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ------------------------------------------------------------------- the driver


def importable(stage: str) -> str | None:
    """Return why ``stage`` cannot be measured yet, or None when its modules import."""
    modules = {
        "clean": ["newsfuse.stages.clean"],
        "dedupe": ["newsfuse.stages.dedupe"],
        "cluster": ["newsfuse.stages.cluster"],
        "dedupe+cluster": ["newsfuse.stages.dedupe", "newsfuse.stages.cluster"],
        "cluster+minilm": ["newsfuse.stages.cluster", "newsfuse.models"],
        "cluster-baseline": ["newsfuse.stages.cluster", "sklearn", "scipy"],
        "read": ["newsfuse.pipeline"],
        "read-rules": ["newsfuse.pipeline"],
        "stories": ["newsfuse.pipeline"],
        "pipeline": ["newsfuse.api"],
    }[stage]
    for module in modules:
        check = [sys.executable, "-c", f"import {module}"]
        done = subprocess.run(check, capture_output=True, text=True, cwd=HERE.parent)
        if done.returncode:
            last = (done.stderr.strip().splitlines() or ["import failed"])[-1]
            return f"{module} does not import ({last})"
    return None


def measure(stage: str, size: int, args: argparse.Namespace) -> dict:
    command = [sys.executable, str(Path(__file__)), "--worker", stage, "--sizes", str(size)]
    command += ["--seed", str(args.seed)] + [f"--set={item}" for item in args.set]
    if args.no_heap or stage in ("pipeline", "cluster+minilm"):
        command.append("--no-heap")
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=args.timeout)
    except subprocess.TimeoutExpired:
        return {"stage": stage, "size": size, "error": f"over {args.timeout} s, stopped"}
    if done.returncode:
        last = (done.stderr.strip().splitlines() or ["failed"])[-1]
        return {"stage": stage, "size": size, "error": last}
    return json.loads(done.stdout.strip().splitlines()[-1])


def table(results: Sequence[dict], sizes: Sequence[int]) -> str:
    header = f"{'stage':<16}{'size':>7}{'art/s':>9}{'art/cpu-s':>10}{'wall s':>9}{'cpu s':>9}"
    header += f"{'rss MB':>8}{'Δrss MB':>9}{'heap MB':>9}{'growth':>8}  notes"
    lines = [header, "-" * len(header)]
    first = {r["stage"]: r for r in results if r["size"] == min(sizes) and "cpu_s" in r}
    for r in results:
        if "error" in r:
            lines.append(f"{r['stage']:<16}{r['size']:>7}  {r['error']}")
            continue
        growth = ""
        base = first.get(r["stage"])
        if base and r["size"] != base["size"] and base["cpu_s"]:
            growth = f"{r['cpu_s'] / base['cpu_s']:.1f}x"
        notes = ", ".join(
            f"{key}={r[key]}"
            for key in (
                "bcubed_f1",
                "pairwise_f1",
                "copy_recall",
                "copy_precision",
                "stories",
                "dropped",
                "worker_rss_mb",
                "total_pss_mb",
            )
            if r.get(key)
        )
        lines.append(
            f"{r['stage']:<16}{r['size']:>7}{r['articles_per_s']:>9}{r['articles_per_cpu_s']:>10}"
            f"{r['seconds']:>9}{r['cpu_s']:>9}"
            f"{r['rss_mb']:>8}{r['rss_delta_mb']:>9}{r.get('heap_mb', '-'):>9}{growth:>8}  {notes}"
        )
    lines.append("")
    lines.append(
        "art/s: per wall second; art/cpu-s: per CPU second of the process and its workers;"
    )
    lines.append("growth: CPU seconds at this size / CPU seconds at the smallest size")
    lines.append(
        "targets: dedupe+cluster ≥ 1,000 articles/s; pipeline ≥ 50 articles/s; "
        f"memory (total_pss_mb) < {MAX_RSS_MB} MB at 10k; growth 1k->10k ≤ {MAX_GROWTH:g}x"
    )
    return "\n".join(lines)


def parse(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--stages", nargs="+", default=list(STAGES), choices=STAGES)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--set", action="append", default=[], help="setting=value override")
    parser.add_argument("--timeout", type=float, default=1800.0, help="seconds per measurement")
    parser.add_argument("--no-heap", action="store_true", help="skip the tracemalloc run")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def overrides_of(items: Sequence[str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for item in items:
        key, _, text = item.partition("=")
        try:
            values[key] = json.loads(text)
        except json.JSONDecodeError:
            values[key] = text
    return values


def main(argv: Sequence[str] | None = None) -> None:
    args = parse(argv)
    if args.worker:
        figures = worker(
            args.worker, args.sizes[0], args.seed, overrides_of(args.set), not args.no_heap
        )
        print(json.dumps(figures))
        return
    for size in args.sizes:
        corpus_path(size, args.seed)  # built once, outside every measurement
    results: list[dict] = []
    for stage in args.stages:
        reason = importable(stage)
        if reason:
            print(f"skipping {stage}: {reason}", flush=True)
            continue
        for size in args.sizes:
            figures = measure(stage, size, args)
            print(json.dumps(figures), flush=True)
            results.append(figures)
    print()
    print(table(results, args.sizes))
    OUT.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    payload = {"sizes": args.sizes, "settings": overrides_of(args.set), "results": results}
    for name in (f"bench-{stamp}.json", "bench-latest.json"):
        (OUT / name).write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten to {OUT / f'bench-{stamp}.json'}")


if __name__ == "__main__":
    main()
