"""A large account adopted as one stack and as stacks of at most ``--max-objects`` objects
(``discover --split``), each beside the engine floor of the same size.

    ./dev bench-split --sizes 1000 --latency 0 0.15 [--max-objects 500]
        [--no-floor] [--no-one-stack | --no-split] [--json FILE]

For each size N and latency: an emulator account of N objects (a tenth each DIPPs,
subaccounts and dynamic pool enrollments, and 0.7 N webhooks over 0.4 N domains), made
through the API before any limit or latency; discover reads it into one spec and into
split specs (its time is not the subject: it runs without the latency or any limit, and at
Mailgun's 300 a minute takes about a minute per 150 domains). Then, with Mailgun's
documented rate limits and the latency on, each spec's first ``up`` adopts it, stack after
stack as ``ci up`` runs them, and the request log must
hold no write. The engine floor (benchmarks/floor/) runs the same specs with the same CLI
and flags. Progress goes to stderr, a Markdown table to stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from benchmarks.run import (
    API_KEY,
    FLOOR_PROGRAM,
    OPS,
    ROOT,
    SPEC_FILE_PROGRAM,
    STACK,
    Emulator,
    Project,
    ip,
    quiet_werkzeug,
    say,
    seconds,
)
from mailgun_infra.client import MailgunClient
from mailgun_infra.client._ratelimit import LEDGER_DIR_ENV, RateLimits
from mailgun_infra.discover import AccountReader
from mailgun_infra.discover import discover as read_account
from mailgun_infra.discover.split import split
from mailgun_infra.facts import WEBHOOK_EVENTS

SPEC_KEY = "mailgun-infra:spec"


def layout(n: int) -> dict[str, int]:
    """N objects: a tenth each DIPPs, subaccounts and enrollments, 0.4 N domains, and the
    rest webhooks (one a domain, two for the first ones): 2000 domains for 5000."""
    pools = subaccounts = enrolled = n // 10
    domains = (2 * n) // 5
    return {"pools": pools, "subaccounts": subaccounts, "domains": domains,
            "webhooks": n - pools - subaccounts - enrolled, "enrolled": enrolled}


def account_seed(shape: dict[str, int]) -> dict[str, Any]:
    # A DIPP's IP each, one for the dynamic pools, and a shared one to fall back to.
    ips = [{"ip": ip(i), "dedicated": True} for i in range(shape["pools"] + 1)]
    ips.append({"ip": "198.51.100.1", "dedicated": False})
    return {"api_key": API_KEY, "features": ["dipps", "dynamic_pools"],
            "shared_ips_eligible": True,
            "dynamic_pools": {"dynamic_good": [], "dynamic_poor": [], "dynamic_new": []},
            "ips": ips,
            "domains": [{"name": f"d{i:05}.example.com", "id": f"{i:024x}"}
                        for i in range(shape["domains"])]}


def unlimited() -> RateLimits:
    """No limiter: building and reading the account are set-up here, which Mailgun's 300 a
    minute would stretch to half an hour at N = 5000."""
    return RateLimits({})


def build(emulator: Emulator, shape: dict[str, int]) -> None:
    """The account's objects, through the API, with no limit."""
    emulator.admin("POST", "/settings", json={"rate_limits": {}})
    emulator.admin("DELETE", "/faults")
    client = MailgunClient(API_KEY, api_url=emulator.url, rate_limits=unlimited())
    for i in range(shape["pools"]):
        client.create_ip_pool(f"pool{i}", f"benchmark pool {i}", [ip(i)])
    for i in range(shape["subaccounts"]):
        client.create_subaccount(f"customer {i}")
    client.update_dynamic_pool("dynamic_new", add_ips=[ip(shape["pools"])])
    extra = shape["webhooks"] - shape["domains"]
    for i in range(shape["domains"]):
        domain = f"d{i:05}.example.com"
        for event in WEBHOOK_EVENTS[:2 if i < extra else 1]:
            client.create_domain_webhook(domain, event, [f"https://hooks.example.com/{i}"])
        if i < shape["enrolled"]:
            client.enroll_domain_in_dynamic_pools(domain, "shared")


def discover(emulator: Emulator, work: Path, max_objects: int) -> dict[str, Path]:
    """The account as one spec and as split specs, as JSON files, by stack name: what
    ``discover -o FILE`` and ``discover --split domain -o DIR`` write, read in this process
    with no client-side limit (see ``unlimited``)."""
    reader = AccountReader(API_KEY, api_url=emulator.url, rate_limits=unlimited())
    started = time.monotonic()
    found = read_account(reader)
    say(f"  discover: {found.count()} objects in {time.monotonic() - started:.1f} s")
    specs = {"one": found.spec()}
    specs.update((part.name, part.found.spec()) for part in split(found, max_objects))
    files = {}
    for name, spec in specs.items():
        files[name] = work / f"{name}.json"
        files[name].write_text(json.dumps(spec))
    return files


def count(spec_file: Path) -> int:
    return sum(len(entries) for entries in json.loads(spec_file.read_text()).values())


def project(kind: str, where: Path, env: dict[str, str], spec_file: Path,
            emulator: Emulator) -> Project:
    if kind == "ours":
        (where / "stacks").mkdir(parents=True)
        shutil.copy(ROOT / "Pulumi.yaml", where)
        shutil.copy(SPEC_FILE_PROGRAM, where / "stacks" / "__main__.py")
    else:
        shutil.copytree(FLOOR_PROGRAM, where / "stacks",
                        ignore=shutil.ignore_patterns("__pycache__"))
        (where / "Pulumi.yaml").write_text(yaml.safe_dump({
            "name": "mailgun-infra-floor", "runtime": "python", "main": "stacks/",
            "stackConfigDir": "stacks/"}))
    made = Project(kind, where, env, None)
    made.pulumi("stack", "init", STACK)
    if kind == "ours":
        made.pulumi("config", "set", "mailgun:apiUrl", emulator.url)
        made.pulumi("config", "set", "--secret", "mailgun:apiKey", API_KEY)
        made.configure({"mailgun-infra:specFile": str(spec_file)})
    else:
        made.configure({"mailgun-infra-floor:specFile": str(spec_file)})
    return made


def run_case(n: int, latency: float, max_objects: int, floor: bool, one_stack: bool,
             split_stacks: bool = True) -> dict[str, Any]:
    shape = layout(n)
    say(f"N = {n}, {latency * 1000:.0f} ms: {shape}")
    work = Path(tempfile.mkdtemp(prefix="bench-split-"))
    emulator = Emulator(account_seed(shape), 0.0)
    env = {**os.environ, "PULUMI_CONFIG_PASSPHRASE": "bench",
           "PULUMI_SKIP_UPDATE_CHECK": "true",
           "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
           "PULUMI_HOME": str(work / "home"),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(work / "floor-one" / "stacks"),
                                                       os.environ.get("PYTHONPATH")]))}
    result: dict[str, Any] = {"n": n, "latency": latency, "shape": shape, "stacks": {}}
    try:
        build(emulator, shape)
        specs = discover(emulator, work, max_objects)
        result["objects"] = count(specs["one"])
        emulator.latency = latency
        names = [name for name in specs
                 if (one_stack if name == "one" else split_stacks)]
        result["stacks"] = {name: {"objects": count(specs[name])} for name in names}
        for kind in ("ours", "floor") if floor else ("ours",):
            for name in names:
                entry = result["stacks"][name]
                # A backend each: every project's stack has the benchmark's one name.
                backend = work / f"backend-{kind}-{name}"
                backend.mkdir()
                stack_env = {**env, "PULUMI_BACKEND_URL": f"file://{backend}",
                             "PYTHONPATH": os.pathsep.join(filter(None, [
                                 str(work / f"{kind}-{name}" / "stacks"),
                                 os.environ.get("PYTHONPATH")]))}
                made = project(kind, work / f"{kind}-{name}", stack_env, specs[name],
                               emulator)
                # The one stack, and the first split stack, start on empty rate-limit
                # windows, Mailgun's and the client's ledger; the next split stacks run
                # after it, as `ci up` runs them, on the windows it left (Mailgun counts by
                # account, and so does the ledger the provider processes share).
                if name == "one" or name == next(n for n in names if n != "one"):
                    emulator.fresh()
                    ledgers = work / f"ledgers-{kind}-{name}"
                else:
                    emulator.admin("DELETE", "/requests")
                made.env[LEDGER_DIR_ENV] = str(ledgers)
                started = time.monotonic()
                made.pulumi(*OPS["up"])
                took = time.monotonic() - started
                entry[kind] = took
                if kind == "ours":
                    log = emulator.admin("GET", "/requests")["requests"]
                    entry["writes"] = sum(r["method"] != "GET" for r in log)
                    entry["calls"] = len(log)
                    entry["rejected_429"] = sum(r["status"] == 429 for r in log)
                    entry["load_1min"] = os.getloadavg()[0]
                say(f"  {kind:5} up of {name} ({entry['objects']} objects): {took:.1f} s"
                    + (f", {entry['writes']} writes, {entry['calls']} calls, "
                       f"{entry['rejected_429']} x 429" if kind == "ours" else ""))
    finally:
        emulator.stop()
        shutil.rmtree(work, ignore_errors=True)
    return result


def table(results: list[dict[str, Any]]) -> str:
    lines = []
    for result in results:
        shape = result["shape"]
        lines += ["", f"**N = {result['objects']} objects, {result['latency'] * 1000:.0f} ms** "
                  f"({shape['pools']} DIPPs, {shape['subaccounts']} subaccounts, "
                  f"{shape['domains']} domains with {shape['webhooks']} webhooks, "
                  f"{shape['enrolled']} enrollments)", "",
                  "| stack | objects | first up (adopt) | engine floor | ours ÷ floor | writes "
                  "| calls | 429s |", "|---|---|---|---|---|---|---|---|"]
        parts = {k: v for k, v in result["stacks"].items() if k != "one"}
        for name, entry in result["stacks"].items():
            lines.append(_row(name, entry))
        if parts:
            total = {"objects": sum(e["objects"] for e in parts.values()),
                     "ours": sum(e["ours"] for e in parts.values()),
                     "writes": sum(e["writes"] for e in parts.values()),
                     "calls": sum(e["calls"] for e in parts.values()),
                     "rejected_429": sum(e["rejected_429"] for e in parts.values())}
            if all("floor" in e for e in parts.values()):
                total["floor"] = sum(e["floor"] for e in parts.values())
            lines.append(_row(f"all {len(parts)} split stacks", total))
    return "\n".join(lines) + "\n"


def _row(name: str, entry: dict[str, Any]) -> str:
    floor = entry.get("floor")
    ratio = f"{entry['ours'] / floor:.2f}x" if floor else "-"
    return (f"| {name} | {entry['objects']} | {seconds(entry['ours'])} | "
            f"{seconds(floor) if floor else '-'} | {ratio} | {entry['writes']} | "
            f"{entry['calls']} | {entry['rejected_429']} |")


def main() -> None:
    parser = argparse.ArgumentParser(prog="./dev bench-split", description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    parser.add_argument("--latency", type=float, nargs="+", default=[0.0, 0.15])
    parser.add_argument("--max-objects", type=int, default=500)
    parser.add_argument("--no-floor", action="store_true")
    parser.add_argument("--no-one-stack", action="store_true",
                        help="only the split stacks (the one stack grows as N squared)")
    parser.add_argument("--no-split", action="store_true",
                        help="only the one stack (to time it apart from the split run)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if args.no_one_stack and args.no_split:
        parser.error("--no-one-stack and --no-split leave nothing to run")
    with quiet_werkzeug():
        results = [run_case(n, latency, args.max_objects, not args.no_floor,
                            not args.no_one_stack, not args.no_split)
                   for n in args.sizes for latency in args.latency]
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    sys.stdout.write(table(results))


if __name__ == "__main__":
    main()
