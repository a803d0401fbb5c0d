"""``mailgun-infra discover``: an existing Mailgun account, written as a spec that adopts it.

    mailgun-infra discover [--region us|eu | --api-url URL] [-o FILE | --stack NAME [--force]]
        [--only KIND[,KIND]] [--domain DOMAIN]... [--format yaml|python] [--cwd DIR] [-q]
        [--split domain|subaccount [--max-objects N] [--max-domains N]]
    python -m mailgun_infra.discover ...   (the same)

It reads the account, with GETs only, and writes every object the registered resources would
manage there (but IP bands, which Mailgun has no read for, and v4 webhook URLs, which its
lists do not tell from v3 ones) in the format of a stack's ``mailgun-infra:spec`` (kinds,
then objects by name): to stdout, to ``-o FILE``, or merged into the config file of
``--stack NAME``, where an entry of the same name that says something else is replaced
only with ``--force`` (comments inside an existing spec are not kept). ``--format python``
writes the same objects as a Pulumi program instead.

- Every object carries ``adopt: true``, so the first ``up`` takes it over without a write,
  and ``protect: true``, so nothing deletes it until the entry says ``protect: false``.
- An object that refers to another one the spec declares does so with a reference
  (``${dedicated_ip_pools.transactional.pool_id}``), not with a copy of its id.
- Names come from Mailgun's names (a DIPP's, a domain's, an IP's), made to fit the spec's
  names; objects whose names collide get a suffix computed from their Mailgun id, so the
  same account always gives the same names.
- Mailgun does not store what a domain falls back to when it leaves a DIPP or the dynamic
  pools: discover picks ``shared`` where the account has shared IPs, else a dedicated IP
  in no pool, and marks the choice REVIEW.
- DIPPs inherited from a parent account, which only the parent may change, are named in a
  comment and left out; so is anything the resources cannot declare.
- ``--split`` writes a large account as several stacks of at most ``--max-objects`` objects
  (``split``): PREFIX-account, PREFIX-domains-01, ... for ``--stack PREFIX``, or
  DIR/account.yaml, ... for ``-o DIR``; a reference into another stack is the target's id.
- A webhook URL with credentials is never written out: the spec names a secret config
  value instead (``${secret.webhook-url-...}``, see ``secret_urls``), which ``--stack``
  stores encrypted in the stack; elsewhere a REVIEW line says how to set it.

It only reads, so a read-only key will do and is taken first: ``MAILGUN_READ_API_KEY``,
else ``MAILGUN_API_KEY``, else the ``mailgun:readApiKey``, then the ``mailgun:apiKey``, of
``--stack`` (read with ``pulumi config get``, which needs the stack's passphrase); the key is
never shown.
Exit codes: 0 done; 1 an error, told in one line on stderr; 2 a usage error.

The modules, by concern: ``reader`` (the account into entries, one method per kind),
``names`` (spec names from Mailgun's), ``render`` (YAML or Python), ``stack_file``
(merging into a stack's config file), ``split`` (an account as several stacks),
``command`` (flags, keys, progress, errors); ``entries`` holds what they pass each other.
"""

from __future__ import annotations

from .command import explain, main
from .entries import KIND_KEYS, SPEC_KEY, Discovered, DiscoverError, Entry
from .names import slug, unique_names
from .reader import DOMAIN_KINDS, AccountReader, discover
from .render import PYTHON_PREFIXES, header, render_python, render_yaml
from .stack_file import IDENTITY, merge_entries, merge_into_stack

__all__ = [
    "DOMAIN_KINDS",
    "IDENTITY",
    "KIND_KEYS",
    "PYTHON_PREFIXES",
    "SPEC_KEY",
    "AccountReader",
    "DiscoverError",
    "Discovered",
    "Entry",
    "discover",
    "explain",
    "header",
    "main",
    "merge_entries",
    "merge_into_stack",
    "render_python",
    "render_yaml",
    "slug",
    "unique_names",
]
