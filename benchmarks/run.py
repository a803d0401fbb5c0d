"""Benchmark: the real Pulumi CLI against the emulator with injected latency.

    ./dev bench [--sizes 10 50 200] [--latency 0.05]

For each size N (half DedicatedIpPools, half Webhooks) it times `up` (create), `preview` and
`up` without changes, `refresh` and `destroy`; counts the Mailgun calls of each per resource
(the emulator counts them); measures state size and pickled-provider size per resource and
the provider process's peak memory; and sets beside them the lower bound (necessary calls x
latency / the provider's 4 worker threads) and the same job done by a plain sequential
script with the official `mailgun` package. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import base64
import json
import logging
import os
import pickle
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import dill
import requests
import yaml

from mailgun_infra.emulator import Backend, EmulatorServer, create_app
from mailgun_infra.facts import WEBHOOK_EVENTS
from mailgun_infra.resources import DedicatedIpPoolProvider, WebhookProvider

ROOT = Path(__file__).resolve().parents[1]
API_KEY = "key-benchmark"
PROVIDER_THREADS = 4  # the dynamic provider host serves 4 calls at once


def seed(n: int) -> dict[str, Any]:
    ips = [{"ip": f"198.18.{i // 250}.{i % 250 + 1}", "dedicated": True} for i in range(n)]
    domains = [{"name": f"bench{i}.example.com", "id": f"{i:024x}"} for i in range(100)]
    return {"api_key": API_KEY, "features": ["dipps"], "ips": ips, "domains": domains}


def spec(n: int) -> dict[str, Any]:
    pools, hooks = {}, {}
    for i in range(n // 2):
        pools[f"pool{i}"] = {"name": f"pool{i}", "description": f"benchmark pool {i}",
                             "ips": [f"198.18.{i // 250}.{i % 250 + 1}"]}
    for i in range(n - n // 2):
        hooks[f"hook{i}"] = {"domain": f"bench{i % 100}.example.com",
                             "event": WEBHOOK_EVENTS[i // 100 % len(WEBHOOK_EVENTS)],
                             "urls": [f"https://hooks.example.com/{i}"]}
    return {"dedicated_ip_pools": pools, "webhooks": hooks}


class PeakMemory:
    """Polls the provider processes' peak resident size (VmHWM) while a command runs."""

    def __init__(self) -> None:
        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _poll(self) -> None:
        while not self._stop.is_set():
            for proc in Path("/proc").iterdir():
                if not proc.name.isdigit():
                    continue
                try:
                    if b"pulumi.dynamic" not in (proc / "cmdline").read_bytes():
                        continue
                    for line in (proc / "status").read_text().splitlines():
                        if line.startswith("VmHWM:"):
                            self.peak_kb = max(self.peak_kb, int(line.split()[1]))
                except OSError:
                    continue
            time.sleep(0.1)


class Bench:
    def __init__(self, n: int, latency: float, work: Path) -> None:
        self.n = n
        self.latency = latency
        self.backend = Backend(seed(n))
        self.server = EmulatorServer(create_app(self.backend)).start()
        self.url = self.server.url
        self.dir = work / "project"
        (self.dir / "stacks").mkdir(parents=True)
        shutil.copy(ROOT / "Pulumi.yaml", self.dir)
        shutil.copy(ROOT / "stacks" / "__main__.py", self.dir / "stacks")
        (work / "backend").mkdir()
        self.env = {**os.environ, "PULUMI_BACKEND_URL": f"file://{work / 'backend'}",
                    "PULUMI_CONFIG_PASSPHRASE": "bench", "PULUMI_SKIP_UPDATE_CHECK": "true",
                    "PULUMI_HOME": str(work / "home")}
        self.pulumi("stack", "init", "bench")
        self.pulumi("config", "set", "mailgun:apiUrl", self.url)
        self.pulumi("config", "set", "--secret", "mailgun:apiKey", API_KEY)
        config_file = self.dir / "stacks" / "Pulumi.bench.yaml"
        data = yaml.safe_load(config_file.read_text())
        data["config"]["mailgun-infra:spec"] = spec(n)
        config_file.write_text(yaml.safe_dump(data))
        self.admin("POST", "/faults", json={"rules": [{"delay": latency, "times": 10**9}]})

    def admin(self, method: str, path: str, **kwargs: Any) -> Any:
        return requests.request(method, f"{self.url}/_emulator{path}", timeout=10,
                                **kwargs).json()

    def pulumi(self, *args: str) -> str:
        done = subprocess.run(["pulumi", *args, "--non-interactive", "--stack", "bench"]
                              if args[0] != "stack" else ["pulumi", *args, "--non-interactive"],
                              cwd=self.dir, env=self.env, capture_output=True, text=True,
                              check=False)
        if done.returncode != 0:
            raise SystemExit(f"pulumi {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
        return done.stdout

    def timed(self, *args: str) -> dict[str, float]:
        before = len(self.admin("GET", "/requests")["requests"])
        with PeakMemory() as memory:
            started = time.monotonic()
            self.pulumi(*args)
            seconds = time.monotonic() - started
        calls = len(self.admin("GET", "/requests")["requests"]) - before
        return {"seconds": seconds, "calls_per_resource": calls / self.n,
                "peak_mb": memory.peak_kb / 1024}

    def run(self) -> dict[str, Any]:
        result: dict[str, Any] = {"n": self.n}
        result["up"] = self.timed("up", "--yes", "--skip-preview")
        exported = self.pulumi("stack", "export", "--stack", "bench")
        result["state_bytes_per_resource"] = len(exported) / self.n
        result["preview"] = self.timed("preview", "--expect-no-changes")
        result["up_no_change"] = self.timed("up", "--yes", "--expect-no-changes")
        # --skip-preview: a plain `refresh --yes` first previews, reading everything twice.
        result["refresh"] = self.timed("refresh", "--yes", "--skip-preview", "--expect-no-changes")
        result["destroy"] = self.timed("destroy", "--yes")
        # One POST per resource is all a create needs; 4 run at once at best.
        result["lower_bound_up"] = self.n * self.latency / PROVIDER_THREADS
        result["plain_script"] = self.plain_script()
        self.server.stop()
        return result

    def plain_script(self) -> dict[str, float]:
        """The same creates and deletes, one after another, with the official package."""
        from mailgun.client import Client

        client = Client(auth=("api", API_KEY), api_url=self.url)
        job = spec(self.n)
        started = time.monotonic()
        pool_ids = []
        for pool in job["dedicated_ip_pools"].values():
            response = client.ippools.create(data={"name": pool["name"],
                                                   "description": pool["description"],
                                                   "ip": pool["ips"]})
            pool_ids.append(response.json()["pool_id"])
        for hook in job["webhooks"].values():
            client.domains_webhooks.create(domain=hook["domain"],
                                           data={"id": hook["event"], "url": hook["urls"]})
        created = time.monotonic() - started
        for pool_id in pool_ids:
            client.ippools.delete(pool_id=pool_id, filters={"ip": "shared"})
        for hook in job["webhooks"].values():
            client.domains_webhooks.delete(domain=hook["domain"], webhookname=hook["event"])
        return {"create_seconds": created, "total_seconds": time.monotonic() - started}


def pickled_provider_bytes() -> dict[str, int]:
    return {cls.__name__: len(base64.b64encode(dill.dumps(
        cls(), protocol=pickle.DEFAULT_PROTOCOL, recurse=True)))
        for cls in (DedicatedIpPoolProvider, WebhookProvider)}


def table(results: list[dict[str, Any]], latency: float) -> str:
    lines = [f"Latency injected per Mailgun call: {latency * 1000:.0f} ms.", "",
             "| N | up (create) | lower bound | plain script (create / all) | preview | "
             "up, no change | refresh | destroy |",
             "|---|---|---|---|---|---|---|---|"]
    for r in results:
        ops = ["up", "preview", "up_no_change", "refresh", "destroy"]
        cell = {op: f"{r[op]['seconds']:.1f} s, {r[op]['calls_per_resource']:.2f} calls/res"
                for op in ops}
        plain = r["plain_script"]
        lines.append(
            f"| {r['n']} | {cell['up']} | {r['lower_bound_up']:.1f} s | "
            f"{plain['create_seconds']:.1f} s / {plain['total_seconds']:.1f} s | "
            f"{cell['preview']} | {cell['up_no_change']} | {cell['refresh']} | "
            f"{cell['destroy']} |")
    lines += ["", "| N | state per resource | provider peak memory (up / refresh) |",
              "|---|---|---|"]
    for r in results:
        lines.append(f"| {r['n']} | {r['state_bytes_per_resource']:.0f} B | "
                     f"{r['up']['peak_mb']:.0f} MB / {r['refresh']['peak_mb']:.0f} MB |")
    sizes = pickled_provider_bytes()
    lines += ["", "Pickled provider per resource (base64, as stored in state): " +
              ", ".join(f"{k} {v} B" for k, v in sizes.items()) + "."]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 50, 200])
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    results = []
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as work:
            print(f"benchmark: N={n} ...", flush=True)
            results.append(Bench(n, args.latency, Path(work)).run())
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    print(table(results, args.latency))


if __name__ == "__main__":
    main()
