"""Opt-in live acceptance tests against a real Mailgun account (``--live``,
``--live-writes``); skipped unless asked for. See README, "Proving it against your Mailgun
account"."""
