"""python -m mailgun_infra.emulator --port PORT [--seed FILE] [--state FILE] [--api-key KEY]"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..facts import DOCUMENTED_LIMITS
from . import Backend, EmulatorServer, create_app, load_seed
from .rules_base import ASYNC_LAG_DOCUMENTED, ASYNC_LAG_SCOPES, DEFAULT_ASYNC_LAG_READS


def account_for(seed_path: Path | None, state_path: Path | None, api_key: str | None,
                async_lag_reads: int = DEFAULT_ASYNC_LAG_READS,
                async_lag_scope: str = ASYNC_LAG_DOCUMENTED) -> Backend:
    """The account to serve: the seed, or the saved state where there is one, with
    ``api_key`` (when given) as its key, in the state and after a reset alike."""
    seed = load_seed(seed_path)
    if api_key:
        seed["api_key"] = api_key
    backend = Backend(seed, async_lag_reads, async_lag_scope)
    if state_path and state_path.exists():
        saved = json.loads(state_path.read_text())
        if api_key:
            saved["api_key"] = api_key
        backend.restore(saved)
    return backend


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m mailgun_infra.emulator",
        description="Serve a local Mailgun API (IPs, warmups, DIPPs, dynamic pools, domain "
                    "IPs, webhooks, subaccounts) on loopback.")
    parser.add_argument("--port", type=int, default=8025, help="TCP port (0: any free one)")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default loopback)")
    parser.add_argument("--seed", type=Path, help="account seed JSON (default: the demo seed)")
    parser.add_argument("--state", type=Path,
                        help="state file: loaded when it exists, rewritten after every change")
    parser.add_argument("--api-key", help="the API key to accept (default: the seed's)")
    parser.add_argument("--async-lag-reads", type=int, default=DEFAULT_ASYNC_LAG_READS,
                        metavar="N",
                        help="reads that still show what a write answered 'started' reaches "
                             "later as it was before, as Mailgun's lag (default "
                             f"{DEFAULT_ASYNC_LAG_READS}; 0: none)")
    parser.add_argument("--async-lag-scope", choices=ASYNC_LAG_SCOPES,
                        default=ASYNC_LAG_DOCUMENTED,
                        help="what lags: the write's effects on linked domains and "
                             "delegations, as documented (default), or every_started_write: "
                             "the DIPP's own record too")
    parser.add_argument("--enforce-rate-limits", action="store_true",
                        help="answer 429 past Mailgun's documented limits (300/min for the "
                             "domains and webhooks APIs)")
    args = parser.parse_args(argv)

    backend = account_for(args.seed, args.state, args.api_key, args.async_lag_reads,
                          args.async_lag_scope)
    server = EmulatorServer(
        create_app(backend, state_file=args.state,
                   rate_limits=DOCUMENTED_LIMITS if args.enforce_rate_limits else None),
        host=args.host, port=args.port)
    print(f"Mailgun emulator listening on {server.url}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
