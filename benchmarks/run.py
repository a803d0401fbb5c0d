"""Benchmark at account scale: the real Pulumi CLI against the emulator, beside the engine floor.

    ./dev bench                                      the standard set (BENCHMARKS.md)
    ./dev bench --workload mixed --sizes 200 1000 --latency 0 0.15
    ./dev bench --workload webhooks25 --sizes 200
    ./dev bench --workload declare --sizes 5000
    ./dev bench ... --ops up refresh --json FILE     some operations; raw figures to FILE

Every case gets its own emulator, which enforces Mailgun's documented rate limits
(``facts.DOCUMENTED_LIMITS``) and adds the given latency to every API call, and its own
file backend. The case's operations run on the project's real program (stacks/__main__.py,
the spec in the stack config) and, interleaved one by one with the same CLI, backend type,
flags and environment, on the engine floor: as many trivial dynamic resources that call
nothing (benchmarks/floor/). For each it reports wall time, Mailgun calls per resource,
429s received and the provider process's peak memory. Beside ``up`` it sets the lower bound
and the same creates done one after another with Mailgun's official ``mailgun`` package.
Progress goes to stderr, Markdown tables to stdout.
"""

from __future__ import annotations

import argparse
import itertools
import json
import logging
import math
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
import yaml
from flask import Response, request

from mailgun_infra.emulator import Backend, EmulatorServer, create_app
from mailgun_infra.facts import DOCUMENTED_LIMITS, WEBHOOK_EVENTS, family_of
from mailgun_infra.resources import PROVIDERS

ROOT = Path(__file__).resolve().parents[1]
FLOOR_PROGRAM = Path(__file__).resolve().parent / "floor"
SPEC_FILE_PROGRAM = Path(__file__).resolve().parent / "spec_file" / "__main__.py"
API_KEY = "key-benchmark"
STACK = "bench"
# The lower bound's concurrency, as the issue set it: the 4 worker threads that
# pulumi/dynamic/__main__.py gives a dynamic provider. Ours widens them to 16
# (resources/_provider_host.py), but the engine sends at most --parallel calls at once, by
# default 4 per CPU: 8 on a 2-core machine.
PROVIDER_THREADS = 4
# A command that takes longer has hung; the case is reported as failed.
COMMAND_TIMEOUT = 3600.0
# A Python program gets its stack config as one environment string, PULUMI_CONFIG="{...}",
# and Linux refuses any single one over 32 pages (MAX_ARG_STRLEN). A margin for the keys
# `config set` adds and for how the engine spells the JSON.
CONFIG_LIMIT = 128 * 1024 - 2048

# -- workloads ------------------------------------------------------------------------------

# Operation -> the CLI arguments; the floor runs the very same ones.
OPS: dict[str, tuple[str, ...]] = {
    "up": ("up", "--yes", "--skip-preview"),
    "preview": ("preview", "--expect-no-changes"),
    # With its preview, as a user runs it: the preview is most of its cost.
    "up_no_change": ("up", "--yes", "--expect-no-changes"),
    # A plain `refresh --yes` previews first and so reads every resource twice.
    "refresh": ("refresh", "--yes", "--skip-preview", "--expect-no-changes"),
    "destroy": ("destroy", "--yes", "--skip-preview"),
    # A preview of a stack that holds nothing yet: the program declares, nothing is sent.
    "preview_new": ("preview",),
}
OP_TITLES = {"up": "up (create)", "preview": "preview", "up_no_change": "up, no change",
             "refresh": "refresh", "destroy": "destroy", "preview_new": "preview (new stack)"}
LIFECYCLE = ("up", "preview", "up_no_change", "refresh", "destroy")


@dataclass(frozen=True)
class Workload:
    name: str
    about: str
    # Of N resources, how many are DedicatedIpPools; the rest are Webhooks.
    pools: Callable[[int], int]
    # The domains the webhooks spread over: one webhook per event of a domain at most.
    domains: Callable[[int], int]
    ops: tuple[str, ...] = LIFECYCLE
    sdk: bool = True

    def layout(self, n: int) -> tuple[int, int, int]:
        pools = self.pools(n)
        hooks = n - pools
        domains = max(self.domains(hooks), math.ceil(hooks / len(WEBHOOK_EVENTS)), 1)
        return pools, hooks, domains


def _mixed_domains(hooks: int) -> int:
    return 100


WORKLOADS = {w.name: w for w in (
    Workload("mixed", "half DedicatedIpPools (one IP each), half Webhooks over 100 domains",
             pools=lambda n: n // 2, domains=_mixed_domains),
    Workload("webhooks25", "Webhooks only, over 25 domains (8 events each at N = 200)",
             pools=lambda n: 0, domains=lambda hooks: 25),
    Workload("declare", "the mixed spec, previewed on a new stack: the program declares "
             "N resources, nothing is created", pools=lambda n: n // 2,
             domains=_mixed_domains, ops=("preview_new",), sdk=False),
)}


@dataclass(frozen=True)
class Case:
    workload: str
    n: int
    latency: float
    ops: tuple[str, ...] | None = None
    # Rounds of the whole sequence, for the median: the machine is shared, and one short
    # command can take twice as long as the next. More than one needs a sequence that ends
    # with nothing deployed.
    rounds: int = 1

    @property
    def title(self) -> str:
        return f"{self.workload}, N = {self.n}, {self.latency * 1000:.0f} ms"


# `./dev bench` without a workload: the figures BENCHMARKS.md shows and the targets name.
STANDARD = (
    Case("webhooks25", 200, 0.0, rounds=3),
    Case("mixed", 200, 0.0, rounds=3),
    Case("mixed", 200, 0.15),
    Case("mixed", 900, 0.15, ops=("up",)),
    Case("mixed", 1000, 0.0),
    Case("mixed", 1000, 0.15),
    Case("declare", 5000, 0.0),
)


def ip(i: int) -> str:
    return f"198.18.{i // 250}.{i % 250 + 1}"


def seed(pools: int, domains: int) -> dict[str, Any]:
    return {"api_key": API_KEY, "features": ["dipps"],
            "ips": [{"ip": ip(i), "dedicated": True} for i in range(max(pools, 1))],
            "domains": [{"name": f"bench{i}.example.com", "id": f"{i:024x}"}
                        for i in range(domains)]}


def spec(pools: int, hooks: int, domains: int) -> dict[str, Any]:
    """The stack spec; webhook i is event i // domains of domain i % domains."""
    return {
        "dedicated_ip_pools": {
            f"pool{i}": {"name": f"pool{i}", "description": f"benchmark pool {i}",
                         "ips": [ip(i)]} for i in range(pools)},
        "webhooks": {
            f"hook{i}": {"domain": f"bench{i % domains}.example.com",
                         "event": WEBHOOK_EVENTS[i // domains],
                         "urls": [f"https://hooks.example.com/{i}"]} for i in range(hooks)},
    }


def lower_bound(necessary: int, limited: int, latency: float) -> dict[str, float]:
    """The least time ``necessary`` calls can take: ``PROVIDER_THREADS`` at a time, each a
    round trip; and the ``limited`` ones among them no faster than Mailgun's documented
    limit lets them start (the first window's worth at once, the next a period later)."""
    limit, period = DOCUMENTED_LIMITS["domains"]
    by_latency = necessary * latency / PROVIDER_THREADS
    by_limit = (math.ceil(limited / limit) - 1) * period if limited else 0.0
    return {"by_latency": by_latency, "by_limit": by_limit,
            "seconds": max(by_latency, by_limit)}


def say(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


# -- measuring ------------------------------------------------------------------------------

class PeakMemory:
    """The peak resident size (VmHWM) of the dynamic provider process that ``root`` starts.

    Only that command's descendants count: other people's Pulumi runs on the same machine
    have provider processes of their own.
    """

    def __init__(self, root: int) -> None:
        self.root = root
        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _provider(self) -> int | None:
        parents: dict[int, int] = {}
        for proc in Path("/proc").iterdir():
            if proc.name.isdigit():
                try:
                    # The parent is the 4th field; the name (2nd) may hold spaces.
                    stat = (proc / "stat").read_text()
                    parents[int(proc.name)] = int(stat.rsplit(")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    continue
        for pid in parents:
            ancestor = parents.get(pid)
            while ancestor and ancestor != self.root:
                ancestor = parents.get(ancestor)
            if ancestor == self.root:
                try:
                    if b"pulumi.dynamic" in Path(f"/proc/{pid}/cmdline").read_bytes():
                        return pid
                except OSError:
                    continue
        return None

    def _poll(self) -> None:
        provider = None
        while not self._stop.wait(0.2):
            provider = provider or self._provider()
            if provider is None:
                continue
            try:
                for line in Path(f"/proc/{provider}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        self.peak_kb = max(self.peak_kb, int(line.split()[1]))
            except OSError:
                provider = None


@dataclass
class Project:
    """One Pulumi project and its stack, on the case's backend."""

    name: str
    dir: Path
    env: dict[str, str]
    parallel: int | None
    failed: str | None = None

    def pulumi(self, *args: str, timeout: float = COMMAND_TIMEOUT) -> tuple[str, int]:
        """Run the CLI; returns its output and the peak memory of its provider (KB)."""
        command = ["pulumi", *args, "--non-interactive"]
        if args[0] != "stack":
            command += ["--stack", STACK]
        if self.parallel and args[0] in ("up", "preview", "refresh", "destroy"):
            command += ["--parallel", str(self.parallel)]
        process = subprocess.Popen(command, cwd=self.dir, env=self.env, text=True,
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        with process, PeakMemory(process.pid) as memory:
            try:
                output, _ = process.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                output, _ = process.communicate()
                output += f"\n(killed after {timeout:.0f} s)"
        if process.returncode != 0:
            raise CommandFailed(f"{self.name}: pulumi {' '.join(args)}", output)
        return output, memory.peak_kb

    def configure(self, config: dict[str, Any]) -> None:
        """Add ``config`` to the stack's config file, next to what `config set` wrote."""
        config_dir = self.dir / "stacks"
        config_file = config_dir / f"Pulumi.{STACK}.yaml"
        data = yaml.safe_load(config_file.read_text()) if config_file.exists() else {}
        data.setdefault("config", {}).update(config)
        config_file.write_text(yaml.safe_dump(data))


class CommandFailed(Exception):
    def __init__(self, what: str, output: str) -> None:
        tail = "\n".join(output.strip().splitlines()[-15:])
        super().__init__(f"{what} failed:\n{tail}")


class Emulator:
    """The case's emulator, in this process, with the documented limits always on."""

    def __init__(self, seed_data: dict[str, Any], latency: float) -> None:
        self.latency = latency
        app = create_app(Backend(seed_data))
        # When each call was answered, and whether it counts against the limit: the request
        # log has no times, and the times show where an `up` waits for the limit.
        self.answered: list[tuple[float, bool]] = []
        app.after_request(self._stamp)
        self.server = EmulatorServer(app).start()
        self.url = self.server.url
        self.fresh()

    def _stamp(self, response: Response) -> Response:
        if not request.path.startswith("/_emulator"):
            self.answered.append((time.monotonic(), family_of(request.path) == "domains"))
        return response

    def admin(self, method: str, path: str, **kwargs: Any) -> Any:
        # The admin API takes a write only as JSON (see emulator/admin.py): {} says nothing.
        if method not in ("GET", "HEAD") and "json" not in kwargs:
            kwargs["json"] = {}
        response = requests.request(method, f"{self.url}/_emulator{path}", timeout=60,
                                    **kwargs)
        response.raise_for_status()
        return response.json()

    def fresh(self) -> None:
        """Empty rate-limit windows and request log, the latency on: each command starts as
        one started a minute after the last (the provider's own limiter starts empty too,
        with its process)."""
        limits = {family: list(limit) for family, limit in DOCUMENTED_LIMITS.items()}
        settings = self.admin("POST", "/settings", json={"rate_limits": limits})
        assert settings["rate_limited"] == 0
        if self.latency:
            self.admin("POST", "/faults",
                       json={"rules": [{"delay": self.latency, "times": 10**9}]})
        self.admin("DELETE", "/requests")
        self.answered = []

    def reset(self) -> None:
        """Back to the seed (nothing created), then ``fresh``."""
        self.admin("POST", "/reset")
        self.fresh()

    def calls(self) -> dict[str, int]:
        log = self.admin("GET", "/requests")["requests"]
        return {"calls": len(log),
                "limited_calls": sum(family_of(r["path"]) == "domains" for r in log),
                "rejected_429": sum(r["status"] == 429 for r in log)}

    def timeline(self, started: float) -> dict[str, float]:
        """Seconds from ``started``: the first answer (the CLI, program and provider have
        started by then), the last limited and unlimited answers, and the longest stretch
        without any answer (where every worker thread waited)."""
        times = sorted(t - started for t, _ in self.answered)
        limited = [t - started for t, is_limited in self.answered if is_limited]
        other = [t - started for t, is_limited in self.answered if not is_limited]
        gaps = [(b - a, a) for a, b in itertools.pairwise(times)]
        longest, at = max(gaps, default=(0.0, 0.0))
        return {"first": min(times, default=0.0),
                "last_limited": max(limited, default=0.0),
                "last_unlimited": max(other, default=0.0),
                "longest_gap": longest, "longest_gap_at": at}

    def stop(self) -> None:
        self.server.stop()


class CaseRun:
    """One case: its emulator, the real project and the floor project, on one backend."""

    def __init__(self, case: Case, work: Path, *, parallel: int | None,
                 extra_env: dict[str, str], floor: bool, sdk: bool) -> None:
        self.case = case
        self.workload = WORKLOADS[case.workload]
        self.ops = case.ops or self.workload.ops
        self.pools, self.hooks, self.domains = self.workload.layout(case.n)
        self.spec = spec(self.pools, self.hooks, self.domains)
        self.spec_file: Path | None = None
        if len(json.dumps({"mailgun-infra:spec": json.dumps(self.spec)})) > CONFIG_LIMIT:
            self.spec_file = work / "spec.json"
            self.spec_file.write_text(json.dumps(self.spec))
            say(f"  the spec is too large for a stack config: both programs read {self.spec_file}")
        self.emulator = Emulator(seed(self.pools, self.domains), case.latency)
        (work / "backend").mkdir()
        env = {**os.environ, "PULUMI_BACKEND_URL": f"file://{work / 'backend'}",
               "PULUMI_CONFIG_PASSPHRASE": "bench", "PULUMI_SKIP_UPDATE_CHECK": "true",
               "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
               "PULUMI_HOME": str(work / "home"),
               # Both projects get it, so that their environments are the same.
               "PYTHONPATH": os.pathsep.join(
                   filter(None, [str(work / "floor" / "stacks"),
                                 os.environ.get("PYTHONPATH")])),
               **extra_env}
        self.ours = self._ours(work / "ours", env, parallel)
        self.floor = self._floor(work / "floor", env, parallel) if floor else None
        self.do_sdk = sdk and self.workload.sdk

    def _ours(self, where: Path, env: dict[str, str], parallel: int | None) -> Project:
        (where / "stacks").mkdir(parents=True)
        shutil.copy(ROOT / "Pulumi.yaml", where)
        program = SPEC_FILE_PROGRAM if self.spec_file else ROOT / "stacks" / "__main__.py"
        shutil.copy(program, where / "stacks" / "__main__.py")
        project = Project("ours", where, env, parallel)
        project.pulumi("stack", "init", STACK)
        project.pulumi("config", "set", "mailgun:apiUrl", self.emulator.url)
        project.pulumi("config", "set", "--secret", "mailgun:apiKey", API_KEY)
        project.configure({"mailgun-infra:specFile": str(self.spec_file)} if self.spec_file
                          else {"mailgun-infra:spec": self.spec})
        return project

    def _floor(self, where: Path, env: dict[str, str], parallel: int | None) -> Project:
        shutil.copytree(FLOOR_PROGRAM, where / "stacks",
                        ignore=shutil.ignore_patterns("__pycache__"))
        (where / "Pulumi.yaml").write_text(yaml.safe_dump({
            "name": "mailgun-infra-floor", "runtime": "python", "main": "stacks/",
            "stackConfigDir": "stacks/"}))
        project = Project("floor", where, env, parallel)
        project.pulumi("stack", "init", STACK)
        project.configure({"mailgun-infra-floor:specFile": str(self.spec_file)}
                          if self.spec_file else {"mailgun-infra-floor:spec": self.spec})
        return project

    def measure(self, project: Project, op: str) -> dict[str, Any]:
        self.emulator.fresh()
        started = time.monotonic()
        try:
            output, peak_kb = project.pulumi(*OPS[op])
        except CommandFailed as failure:
            project.failed = str(failure)
            say(f"  {project.name} {op}: FAILED\n{failure}")
            return {"error": str(failure)}
        seconds = time.monotonic() - started
        result: dict[str, Any] = {"seconds": seconds, "peak_mb": peak_kb / 1024,
                                  "load_1min": os.getloadavg()[0]}
        if project is self.ours:
            calls = self.emulator.calls()
            result.update(calls, calls_per_resource=calls["calls"] / self.case.n,
                          timeline=self.emulator.timeline(started))
            say(f"  ours  {op}: {seconds:.1f} s, {result['calls_per_resource']:.3f} "
                f"calls/resource, {calls['rejected_429']} x 429, {result['peak_mb']:.0f} MB")
        else:
            say(f"  floor {op}: {seconds:.1f} s, {result['peak_mb']:.0f} MB")
        del output
        return result

    def run(self) -> dict[str, Any]:
        case = self.case
        rounds = case.rounds
        if rounds > 1 and "up" in self.ops and self.ops[-1] != "destroy":
            say(f"  one round only: {' '.join(self.ops)} does not end with destroy")
            rounds = 1
        result: dict[str, Any] = {
            "workload": case.workload, "n": case.n, "latency": case.latency,
            "pools": self.pools, "webhooks": self.hooks, "domains": self.domains,
            "rounds": rounds, "spec_from_file": self.spec_file is not None, "ops": {}}
        samples: dict[str, dict[str, list[dict[str, Any]]]] = {op: {} for op in self.ops}
        for round_ in range(rounds):
            if rounds > 1:
                say(f"  round {round_ + 1} of {rounds}")
            for op in self.ops:
                # Ours, then the floor at once: both see about the same load on the machine.
                for project in filter(None, (self.ours, self.floor)):
                    if project.failed is None:
                        samples[op].setdefault(project.name, []).append(
                            self.measure(project, op))
                if op == "up" and round_ == 0:
                    for project in filter(None, (self.ours, self.floor)):
                        if project.failed is None:
                            exported, _ = project.pulumi("stack", "export", "--stack", STACK)
                            result.setdefault("state_bytes_per_resource", {})[
                                project.name] = len(exported) / case.n
        for op, by_project in samples.items():
            entry: dict[str, Any] = {name: median_sample(runs)
                                     for name, runs in by_project.items()}
            ours, floor = entry.get("ours", {}), entry.get("floor", {})
            if "seconds" in ours and "seconds" in floor:
                entry["ratio"] = ours["seconds"] / floor["seconds"]
            result["ops"][op] = entry
        if "up" in self.ops:
            # One POST per resource is all a create needs; only the webhooks are limited.
            result["lower_bound_up"] = lower_bound(case.n, self.hooks, case.latency)
            if self.do_sdk:
                say("  sdk   creates, one after another ...")
                self.emulator.reset()
                result["sdk"] = sdk_creates(self.emulator, self.spec)
                say(f"  sdk   creates: {result['sdk']['seconds']:.1f} s, "
                    f"{result['sdk']['rejected_429']} x 429, "
                    f"{result['sdk']['waited']:.1f} s waited")
        self.emulator.stop()
        return result


def median_sample(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run of median time (the lower of the two middle ones), with every time kept; a
    failed run, if any."""
    failed = [r for r in runs if "error" in r]
    if failed:
        return failed[0]
    chosen = sorted(runs, key=lambda r: r["seconds"])[(len(runs) - 1) // 2]
    return {**chosen, "all_seconds": [r["seconds"] for r in runs]}


def sdk_creates(emulator: Emulator, job: dict[str, Any]) -> dict[str, Any]:
    """The creates done as a user's plain script would with the official package: one after
    another, and on a 429 wait what Mailgun says (``retry-seconds``, or Retry-After) and
    send again. The waits are part of its time."""
    from mailgun.client import Client

    client = Client(auth=("api", API_KEY), api_url=emulator.url)
    waited, rejected = 0.0, 0

    def send(call: Callable[[], requests.Response]) -> requests.Response:
        nonlocal waited, rejected
        while True:
            response = call()
            if response.status_code != 429:
                response.raise_for_status()
                return response
            rejected += 1
            try:
                wait = float(response.json().get("retry-seconds"))
            except (ValueError, TypeError, AttributeError):
                wait = float(response.headers.get("Retry-After") or 1)
            time.sleep(wait)
            waited += wait

    started = time.monotonic()
    for pool in job["dedicated_ip_pools"].values():
        send(lambda pool=pool: client.ippools.create(data={
            "name": pool["name"], "description": pool["description"], "ip": pool["ips"]}))
    for hook in job["webhooks"].values():
        send(lambda hook=hook: client.domains_webhooks.create(
            domain=hook["domain"], data={"id": hook["event"], "url": hook["urls"]}))
    seconds = time.monotonic() - started
    return {"seconds": seconds, "waited": waited, "rejected_429": rejected,
            **{k: v for k, v in emulator.calls().items() if k != "rejected_429"}}


def pickled_provider_bytes() -> dict[str, int]:
    """What each provider adds to every resource's state (the base64 string in state)."""
    from pulumi.dynamic.dynamic import serialize_provider

    return {cls.__name__: len(serialize_provider(cls())) for cls in PROVIDERS}


# -- reporting ------------------------------------------------------------------------------

def seconds(value: float) -> str:
    return f"{value:.1f} s" if value < 100 else f"{value:.0f} s"


def op_tables(results: list[dict[str, Any]]) -> Iterator[str]:
    for r in results:
        rounds = f"; median of {r['rounds']} rounds" if r.get("rounds", 1) > 1 else ""
        if r.get("spec_from_file"):
            rounds += "; spec from a file, too large for a stack config"
        yield (f"**{r['workload']}, N = {r['n']}, {r['latency'] * 1000:.0f} ms** "
               f"({r['pools']} pools, {r['webhooks']} webhooks over {r['domains']} domains"
               f"{rounds})")
        yield ""
        yield ("| operation | ours | engine floor | ours ÷ floor | calls / resource | "
               "429s | provider peak memory (ours / floor) |")
        yield "|---|---|---|---|---|---|---|"
        for op, entry in r["ops"].items():
            ours, floor = entry.get("ours", {}), entry.get("floor", {})
            if "error" in ours or "error" in floor or not ours:
                yield (f"| {OP_TITLES[op]} | {'failed' if 'error' in ours else '-'} | "
                       f"{'failed' if 'error' in floor else '-'} | | | | |")
                continue
            floor_s = seconds(floor["seconds"]) if floor else "-"
            ratio = f"{entry['ratio']:.2f}x" if "ratio" in entry else "-"
            floor_mb = f"{floor['peak_mb']:.0f}" if floor else "-"
            yield (f"| {OP_TITLES[op]} | {seconds(ours['seconds'])} | {floor_s} | {ratio} | "
                   f"{ours['calls_per_resource']:.3f} | {ours['rejected_429']} | "
                   f"{ours['peak_mb']:.0f} / {floor_mb} MB |")
        yield ""


def up_table(results: list[dict[str, Any]]) -> Iterator[str]:
    rows = [r for r in results if "lower_bound_up" in r and "seconds" in
            r["ops"]["up"].get("ours", {})]
    if not rows:
        return
    yield ("| case | up (create) | lower bound: calls x latency / 4, rate limit | "
           "up ÷ bound | sequential `mailgun` SDK (429 waits, 429s) | up ÷ SDK |")
    yield "|---|---|---|---|---|---|"
    for r in rows:
        up = r["ops"]["up"]["ours"]["seconds"]
        bound = r["lower_bound_up"]
        ratio = f"{up / bound['seconds']:.2f}x" if bound["seconds"] else "-"
        sdk = r.get("sdk")
        sdk_cell = (f"{seconds(sdk['seconds'])} ({sdk['waited']:.0f} s, "
                    f"{sdk['rejected_429']})" if sdk else "-")
        sdk_ratio = f"{up / sdk['seconds']:.2f}x" if sdk else "-"
        yield (f"| {r['workload']}, N = {r['n']}, {r['latency'] * 1000:.0f} ms | "
               f"{seconds(up)} | {seconds(bound['seconds'])}: {bound['by_latency']:.1f} s, "
               f"{bound['by_limit']:.0f} s | {ratio} | {sdk_cell} | {sdk_ratio} |")
    yield ""


def state_table(results: list[dict[str, Any]]) -> Iterator[str]:
    rows = [r for r in results if "state_bytes_per_resource" in r]
    if not rows:
        return
    yield ("| case | state per resource (`stack export`), ours / floor | "
           "provider peak memory (VmHWM), ours / floor, any operation |")
    yield "|---|---|---|"
    for r in rows:
        peaks = [max((e[name].get("peak_mb", 0) for e in r["ops"].values() if name in e),
                     default=0) for name in ("ours", "floor")]
        state = r["state_bytes_per_resource"]
        yield (f"| {r['workload']}, N = {r['n']}, {r['latency'] * 1000:.0f} ms | "
               f"{state.get('ours', 0):.0f} B / {state.get('floor', 0):.0f} B | "
               f"{peaks[0]:.0f} MB / {peaks[1]:.0f} MB |")
    yield ""


def report(results: list[dict[str, Any]], pickled: dict[str, int]) -> str:
    lines = [*op_tables(results), *up_table(results), *state_table(results)]
    largest = max(pickled, key=lambda name: pickled[name])
    lines.append(f"Pickled provider per resource (base64, as stored in state), "
                 f"{len(pickled)} providers: {min(pickled.values())} to "
                 f"{pickled[largest]} B (the largest: {largest}).")
    return "\n".join(lines)


# -- running ---------------------------------------------------------------------------------

def cases_from(args: argparse.Namespace) -> list[Case]:
    if args.workload is None:
        if args.sizes or args.latency:
            raise SystemExit("--sizes and --latency go with --workload")
        return [Case(c.workload, c.n, c.latency, tuple(args.ops) if args.ops else c.ops,
                     args.rounds or c.rounds) for c in STANDARD]
    ops = tuple(args.ops) if args.ops else None
    return [Case(args.workload, n, latency, ops, args.rounds or 1)
            for n, latency in itertools.product(args.sizes or [200], args.latency or [0.0])]


@contextmanager
def quiet_werkzeug() -> Iterator[None]:
    logger = logging.getLogger("werkzeug")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def parse_env(pairs: Iterable[str]) -> dict[str, str]:
    env = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise SystemExit(f"--env takes KEY=VALUE, not {pair!r}")
        env[key] = value
    return env


@dataclass
class Options:
    parallel: int | None = None
    env: dict[str, str] = field(default_factory=dict)
    floor: bool = True
    sdk: bool = True


def checkout() -> dict[str, Any]:
    """The commit measured and how many files differ from it: others work in this tree."""
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,
                              check=False).stdout.strip()

    return {"commit": git("rev-parse", "--short", "HEAD"),
            "changed_files": len(git("status", "--porcelain").splitlines())}


def run_cases(cases: list[Case], options: Options, json_file: Path | None) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = []
    started = time.monotonic()
    for number, case in enumerate(cases, 1):
        say(f"[{number}/{len(cases)}] {case.title} "
            f"({time.monotonic() - started:.0f} s since the start)")
        load_before = os.getloadavg()[0]
        with tempfile.TemporaryDirectory(prefix="mailgun-bench-") as work:
            try:
                run = CaseRun(case, Path(work), parallel=options.parallel,
                              extra_env=options.env, floor=options.floor, sdk=options.sdk)
            except CommandFailed as failure:
                say(f"  setup FAILED\n{failure}")
                continue
            result = run.run()
        result["options"] = {"parallel": options.parallel, "env": options.env}
        # Others' work on the same 2 cores shows here: the floor, run beside ours, is what
        # keeps the ratios comparable when this is high.
        result["measured"] = {"date": time.strftime("%Y-%m-%d %H:%M %Z"), **checkout(),
                              "load_1min_before": load_before,
                              "load_1min_after": os.getloadavg()[0]}
        results.append(result)
        if json_file:
            # After every case: a long run that dies later keeps what it measured.
            json_file.write_text(json.dumps(results, indent=2) + "\n")
    say(f"done in {time.monotonic() - started:.0f} s")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").splitlines()[0],
        epilog="Workloads: " + "; ".join(f"{w.name}: {w.about}" for w in WORKLOADS.values()))
    parser.add_argument("--workload", choices=sorted(WORKLOADS),
                        help="one workload (default: the standard set)")
    parser.add_argument("--sizes", type=int, nargs="+", help="N, resources (default 200)")
    parser.add_argument("--latency", type=float, nargs="+",
                        help="seconds added to every Mailgun call (default 0)")
    parser.add_argument("--ops", nargs="+", choices=list(OPS),
                        help="operations to run, in this order")
    parser.add_argument("--rounds", type=int,
                        help="run the sequence this many times and report medians")
    parser.add_argument("--parallel", type=int, help="pulumi --parallel, for both projects")
    parser.add_argument("--env", nargs="+", default=[], metavar="KEY=VALUE",
                        help="more environment for every pulumi command (both projects)")
    parser.add_argument("--no-floor", action="store_true", help="skip the engine floor")
    parser.add_argument("--no-sdk", action="store_true", help="skip the official package")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    args = parser.parse_args()
    # Started in the background (`nohup ... &` from a script), this process and so every
    # pulumi it runs would ignore SIGINT. The CLI stops its language host with SIGINT and
    # waits 5 s before it kills it: 5 s more on every command that runs the program, for
    # ours and the floor alike. A handler of our own is reset to the default on exec.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    options = Options(parallel=args.parallel, env=parse_env(args.env),
                      floor=not args.no_floor, sdk=not args.no_sdk)
    with quiet_werkzeug():
        results = run_cases(cases_from(args), options, args.json)
    print(report(results, pickled_provider_bytes()))


if __name__ == "__main__":
    main()
