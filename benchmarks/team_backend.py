"""A team backend measured: the stack lifecycle and lock contention on any DIY backend URL.

    python benchmarks/team_backend.py 'postgres://USER:PASSWORD@127.0.0.1:5432/DB?sslmode=disable'
    python benchmarks/team_backend.py file:///tmp/some-folder

(with the project's CLI and .venv on PATH, as `./dev setup` leaves them).

Runs the project's program against an in-process emulator on the backend given: `stack init`,
`up`, `preview --expect-no-changes`, `refresh`, then two `up`s of one stack at once (the first
slowed by 2 s per Mailgun call so that it holds the lock; the second tried as plain `pulumi up`
and as `mailgun-infra ci up`), and `destroy`. Prints each step's time and what the second
`up` said. Nothing here runs in CI: a PostgreSQL server is the user's, not the test suite's.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import requests
import yaml

from mailgun_infra.emulator import Backend, EmulatorServer, create_app, default_seed

ROOT = Path(__file__).resolve().parents[1]
STACK = "team"
SPEC = {
    "dedicated_ip_pools": {"tx": {"name": "tx", "description": "receipts",
                                  "ips": ["192.0.2.10"]}},
    "webhooks": {"bounces": {"domain": "mail.example.com", "event": "permanent_fail",
                             "urls": ["https://hooks.example.com/bounce"]}},
}


class Run:
    def __init__(self, backend_url: str, work: Path) -> None:
        self.backend = Backend(default_seed())
        self.server = EmulatorServer(create_app(self.backend)).start()
        self.dir = work / "project"
        (self.dir / "stacks").mkdir(parents=True)
        shutil.copy(ROOT / "Pulumi.yaml", self.dir)
        shutil.copy(ROOT / "stacks" / "__main__.py", self.dir / "stacks")
        self.env = {**os.environ, "PULUMI_BACKEND_URL": backend_url,
                    "PULUMI_CONFIG_PASSPHRASE": "team-backend-bench",
                    "PULUMI_SKIP_UPDATE_CHECK": "true", "PULUMI_HOME": str(work / "home")}

    def pulumi(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(["pulumi", *args, "--non-interactive"], cwd=self.dir,
                              env=self.env, capture_output=True, text=True, check=False)
        if check and done.returncode != 0:
            raise SystemExit(f"pulumi {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
        return done

    def timed(self, label: str, *args: str) -> None:
        started = time.monotonic()
        self.pulumi(*args)
        print(f"| {label} | {time.monotonic() - started:.1f} s |", flush=True)

    def fault(self, rules: list[dict[str, Any]]) -> None:
        requests.post(f"{self.server.url}/_emulator/faults", json={"rules": rules}, timeout=5)

    def lifecycle(self) -> None:
        print("| step | time |\n|---|---|")
        self.timed("stack init", "stack", "init", STACK)
        self.pulumi("config", "set", "--stack", STACK, "mailgun:apiUrl", self.server.url)
        self.pulumi("config", "set", "--stack", STACK, "--secret", "mailgun:apiKey",
                    default_seed()["api_key"])
        config_file = self.dir / "stacks" / f"Pulumi.{STACK}.yaml"
        data = yaml.safe_load(config_file.read_text())
        data["config"]["mailgun-infra:spec"] = SPEC
        config_file.write_text(yaml.safe_dump(data))
        self.timed("up (2 creates)", "up", "--yes", "--skip-preview", "--stack", STACK)
        self.timed("preview, no change", "preview", "--expect-no-changes", "--stack", STACK)
        self.timed("refresh", "refresh", "--yes", "--skip-preview", "--stack", STACK)

    def contention(self) -> None:
        """Two `up`s at once: one wins, the other is told who holds the lock."""
        data = yaml.safe_load((self.dir / "stacks" / f"Pulumi.{STACK}.yaml").read_text())
        data["config"]["mailgun-infra:spec"]["dedicated_ip_pools"]["tx"]["description"] = "mail"
        (self.dir / "stacks" / f"Pulumi.{STACK}.yaml").write_text(yaml.safe_dump(data))
        self.fault([{"delay": 2.0, "times": 10**6}])
        first = subprocess.Popen(["pulumi", "up", "--yes", "--skip-preview", "--stack", STACK,
                                  "--non-interactive"], cwd=self.dir, env=self.env,
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        time.sleep(4)  # past the program's start: the first `up` holds the lock now
        started = time.monotonic()
        second = self.pulumi("up", "--yes", "--skip-preview", "--stack", STACK, check=False)
        refused_in = time.monotonic() - started
        by_ci = subprocess.run([sys.executable, "-m", "mailgun_infra.ci", "up", "--stack", STACK,
                                "--cwd", str(self.dir)], env=self.env, capture_output=True,
                               text=True, check=False)
        out, _ = first.communicate(timeout=300)
        self.fault([])
        said = next((line.strip() for line in (second.stdout + second.stderr).splitlines()
                     if "lock" in line.lower() or "currently" in line.lower()), "(nothing)")
        print(f"\nsecond `up` exit {second.returncode} after {refused_in:.1f} s: {said}")
        print(f"second as `mailgun-infra ci up`: exit {by_ci.returncode}: "
              f"{(by_ci.stdout + by_ci.stderr).strip()}")
        print(f"first `up` exit {first.returncode}")
        pools = requests.get(f"{self.server.url}/_emulator/state", timeout=5).json()["ip_pools"]
        print("pool description after both: "
              + ", ".join(p["description"] for p in pools if p["name"] == "tx"))
        self.pulumi("preview", "--expect-no-changes", "--stack", STACK)
        print("preview after both: no changes (nothing lost)")
        if first.returncode != 0:
            print(out)

    def finish(self) -> None:
        print("\n| step | time |\n|---|---|")
        self.timed("destroy", "destroy", "--yes", "--skip-preview", "--stack", STACK)
        self.pulumi("stack", "rm", "--yes", STACK)
        self.server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("backend_url", help="a DIY backend URL (postgres://..., file://...)")
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    version = subprocess.run(["pulumi", "version"], capture_output=True, text=True,
                             check=False).stdout.strip()
    print(f"pulumi {version}, backend {args.backend_url.split('://')[0]}")
    with tempfile.TemporaryDirectory() as work:
        run = Run(args.backend_url, Path(work))
        run.lifecycle()
        run.contention()
        run.finish()


if __name__ == "__main__":
    main()
