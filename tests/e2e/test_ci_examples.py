"""The CI examples in examples/ci, written for a user's repository: they validate against the
GitHub workflow and GitLab CI schemas, and the shell of their steps, run in order the way each
service runs it, previews, reviews and deploys a stack against the emulator (their scheduled
jobs, drift and audit, run in test_ci_schedules.py).

What the test stands in for (a change to the examples that needs more fails here, naming it):

- Install steps are skipped: a `uses:` action, and a `run:`/`script:` line that runs
  `pip install` or pipes a download into a shell. This test's environment has what they bring
  (the package under development, the CLI that ./dev built); what they install is checked
  against pyproject.toml instead (a tag of its version, the CLI of its lowest `pulumi`).
  Every other shell step must run.
- `${{ ... }}` gets the values of ``GitHubWorkflow.context``, and GitLab's predefined and
  project variables are those of ``GitLabPipeline.variables``: the secrets are the file
  backend, the passphrase, a read-only (basic) key made through the emulator's keys API, given
  to every job, and the emulator's own (admin) key (as the examples ask, the writing key is a
  secret of the environment `production` on GitHub and a "Protected" variable, given to the
  default branch only, on GitLab); the events are pull request / merge request
  7 of acme/mail-infra from one of its own branches, a push to main, and the nightly
  schedule (on main). A job starts from a fresh checkout: no file an earlier job wrote.
- `gh` and `curl`, which post the review, are fakes that record what they were asked.
- The user's repository is the project's Pulumi.yaml and stack program (as in Workspace), the
  pack's config at policy-config.json (the pack is the one installed with the package: here
  the checkout's, which `mailgun-infra policy-pack` names), and the stack `prod` created once
  beforehand with the emulator's URL in its config and no API key (the jobs pass
  MAILGUN_READ_API_KEY and MAILGUN_API_KEY).
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import Emulator
from tests.e2e.workspace import PASSPHRASE, ROOT, Workspace

EXAMPLES = ROOT / "examples" / "ci"
GITHUB = EXAMPLES / "github-actions.yml"
GITLAB = EXAMPLES / "gitlab-ci.yml"
STACK = "prod"  # the stack both examples deploy
ACTIONLINT = "github.com/rhysd/actionlint/cmd/actionlint@v1.7.12"
# What the examples pin is what this repository releases and builds.
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
# The examples install a release tag of the repository (MAILGUN_INFRA); the pack comes with it.
PACKAGE_PIN = f"@v{PYPROJECT['version']}"
# The CLI they install is the oldest release pyproject.toml supports, which ./dev test tests.
PULUMI_PIN = next(re.match(r"pulumi>=([0-9.]+)", d) for d in PYPROJECT["dependencies"]
                  if d.startswith("pulumi>="))[1]
INSTALL = re.compile(r"\bpip3? install\b|\|\s*(?:ba)?sh\b")

POOLS = {
    "transactional": {"name": "transactional", "description": "Receipts",
                      "ips": ["192.0.2.10", "192.0.2.11"]},
    "marketing": {"name": "marketing", "description": "Newsletters", "ips": ["192.0.2.12"]},
}
# 192.0.2.10 in both DIPPs: the pack's mandatory ip-in-one-dipp rule stops it at preview.
VIOLATING = {**POOLS, "marketing": {**POOLS["marketing"], "ips": ["192.0.2.10", "192.0.2.12"]}}

# Stands in for gh and curl: records the arguments and the files they name (`body@FILE` too).
FAKE_TOOL = """
import json, os, sys
files = {}
for arg in sys.argv[1:]:
    path = arg.split("@", 1)[-1]
    if os.path.isfile(path):
        files[arg] = open(path, encoding="utf-8").read()
with open(os.environ["FAKE_TOOLS_LOG"], "a", encoding="utf-8") as log:
    log.write(json.dumps({"tool": os.path.basename(sys.argv[0]), "argv": sys.argv[1:],
                          "files": files, "GH_TOKEN": os.environ.get("GH_TOKEN")}) + "\\n")
"""


# --- the schemas ---------------------------------------------------------------------------

def check_schema(schema: str, path: Path) -> subprocess.CompletedProcess[str]:
    # The vendor schemas ship inside check-jsonschema: nothing is downloaded.
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema",
                           f"vendor.{schema}", str(path)],
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.parametrize(("example", "schema", "good", "bad"), [
    (GITHUB, "github-workflows", "runs-on: ubuntu-24.04", "runs-off: ubuntu-24.04"),
    (GITLAB, "gitlab-ci", "when: always", "when: sometimes"),
], ids=["github", "gitlab"])
def test_the_examples_validate_against_their_schemas(tmp_path: Path, example: Path,
                                                     schema: str, good: str, bad: str) -> None:
    done = check_schema(schema, example)
    assert done.returncode == 0, done.stdout + done.stderr
    # The same check must be able to fail.
    broken = tmp_path / example.name
    broken.write_text(example.read_text().replace(good, bad, 1))
    done = check_schema(schema, broken)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Schema validation errors" in done.stdout


def test_the_github_workflow_passes_actionlint(tmp_path: Path) -> None:
    go = shutil.which("go")
    if go is None:
        if os.environ.get("MAILGUN_INFRA_REQUIRE_E2E") == "1":
            pytest.fail(f"go is not on PATH: this test runs `go run {ACTIONLINT}`")
        pytest.skip("go is not on PATH")
    # Side by side, so that actionlint names both the same way.
    shutil.copy(GITHUB, tmp_path / "example.yml")
    (tmp_path / "broken.yml").write_text(GITHUB.read_text().replace(
        "if: ${{ !cancelled() }}", "if: ${{ !cancelled() && steps.nope.outcome }}", 1))
    # shellcheck and pyflakes off: what actionlint finds must not depend on what else the
    # machine has installed.
    env = {**os.environ, "GOFLAGS": ""}
    done = subprocess.run([go, "run", ACTIONLINT, "-shellcheck=", "-pyflakes=", "-oneline",
                           "example.yml", "broken.yml"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300, check=False)
    findings = done.stdout.splitlines()
    assert [f for f in findings if f.startswith("example.yml:")] == [], done.stdout
    assert any("nope" in f for f in findings if f.startswith("broken.yml:")), \
        done.stdout + done.stderr


# --- running the jobs ----------------------------------------------------------------------

class UserRepository(Workspace):
    """The repository the examples are written for, as its team set it up once."""

    def __init__(self, tmp: Path, api_url: str, spec: dict[str, Any]) -> None:
        self.tmp = tmp
        self.lay_out(tmp, STACK, PASSPHRASE)
        # The pack's config, started from its production example as the examples say; the
        # pack itself is the one installed with the package.
        shutil.copy(ROOT / "policies" / "examples" / "production.json",
                    self.dir / "policy-config.json")
        self.run("stack", "init", STACK, check=True)
        self.run("config", "set", "mailgun:apiUrl", api_url, check=True)
        self.set_spec(spec)
        fakes = tmp / "fake-bin"
        fakes.mkdir()
        for tool in ("gh", "curl"):
            (fakes / tool).write_text(f"#!{sys.executable}{FAKE_TOOL}")
            (fakes / tool).chmod(0o755)
        path = os.pathsep.join([str(fakes), str(Path(sys.executable).parent),
                                str(Path(self.pulumi).parent), os.environ.get("PATH", "")])
        assert shutil.which("mailgun-infra", path=path), "the mailgun-infra script is missing"
        self.fake_log = tmp / "fake-tools.jsonl"
        # What the runner's machine has: not the backend or the passphrase, which the
        # examples must pass themselves.
        self.job_env = {k: v for k, v in self.env.items()
                        if k not in ("PULUMI_BACKEND_URL", "PULUMI_CONFIG_PASSPHRASE")}
        self.job_env.update(PATH=path, FAKE_TOOLS_LOG=str(self.fake_log), CI="true")
        self.keys_held: set[str] = set()
        self.key_values: dict[str, str] = {}
        self.checked_out = {path.name for path in self.dir.iterdir()}

    def fresh_checkout(self) -> None:
        """What a job starts from: no file an earlier job wrote (its review, say)."""
        for path in self.dir.iterdir():
            if path.is_file() and path.name not in self.checked_out:
                path.unlink()

    def secrets(self, keys: Keys) -> dict[str, str]:
        return {"PULUMI_BACKEND_URL": self.env["PULUMI_BACKEND_URL"],
                "PULUMI_CONFIG_PASSPHRASE": PASSPHRASE, "MAILGUN_API_KEY": keys.api_key,
                "MAILGUN_READ_API_KEY": keys.read_api_key}

    def posts(self) -> list[dict[str, Any]]:
        if not self.fake_log.exists():
            return []
        posts = [json.loads(line) for line in self.fake_log.read_text().splitlines()]
        self.fake_log.unlink()
        return posts

    def shell(self, script: str, env: Mapping[str, str]) -> tuple[int, str]:
        env = {**self.job_env, **env}
        # Which keys the job's steps hold, to check that only the deploy can write.
        self.keys_held.update(k for k in ("MAILGUN_API_KEY", "MAILGUN_READ_API_KEY")
                              if env.get(k))
        self.key_values.update({k: env[k] for k in self.keys_held})
        done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
                              cwd=self.dir, env=env, capture_output=True,
                              text=True, timeout=300, check=False)
        return done.returncode, done.stdout + done.stderr

    def held_keys(self) -> dict[str, str]:
        """The Mailgun keys the steps run since the last call held, by variable."""
        held = {k: self.key_values[k] for k in self.keys_held}
        self.keys_held, self.key_values = set(), {}
        return held


@dataclass
class JobRun:
    """What one job did: each shell step it ran with its exit code, in order."""

    job: str
    codes: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)  # install steps and actions, as text
    log: str = ""
    summary: str = ""  # where the job shows the review: GitHub's summary, GitLab's log
    artifacts: dict[str, str | None] = field(default_factory=dict)  # at the job's end
    posts: list[dict[str, Any]] = field(default_factory=list)
    keys: dict[str, str] = field(default_factory=dict)  # the Mailgun keys its steps held

    def code_of(self, command: str) -> int:
        codes = [c for step, c in self.codes.items() if command in step]
        assert len(codes) == 1, f"one step of {self.job} must run {command!r}: {self.codes}"
        return codes[0]


@dataclass(frozen=True)
class Keys:
    """The two Mailgun keys the examples ask for: the writing one and the read-only one."""

    api_key: str
    read_api_key: str


def is_install(script: str) -> bool:
    return bool(INSTALL.search(script))


class GitHubWorkflow:
    """Runs a job of the workflow as GitHub Actions would, on its own terms: `if:` with
    `==`, `!=`, `&&` and the status functions; env merged workflow, job, step; each `run:`
    in `bash --noprofile --norc -eo pipefail` (the workflow must ask for bash)."""

    path = GITHUB
    preview_event, deploy_event, schedule_event = "pull_request", "push", "schedule"
    STEP_KEYS = frozenset({"name", "id", "if", "env", "run", "uses", "with"})

    def __init__(self) -> None:
        self.workflow: dict[Any, Any] = yaml.safe_load(self.path.read_text())
        assert self.workflow["defaults"]["run"]["shell"] == "bash"
        # The events this test plays are the ones the workflow runs on (YAML 1.1 reads the
        # key `on` as true).
        triggers = self.workflow.get("on", self.workflow.get(True))
        assert set(triggers) == {"pull_request", "push", "schedule"}, triggers
        assert triggers["push"]["branches"] == ["main"], triggers
        assert [set(s) for s in triggers["schedule"]] == [{"cron"}], triggers

    def context(self, event: str, repo: UserRepository, keys: Keys,
                environment: str | None = None) -> dict[str, str]:
        secrets = repo.secrets(keys)
        if environment != "production":  # an environment secret
            del secrets["MAILGUN_API_KEY"]
        common = {"github.repository": "acme/mail-infra", "github.token": "ghs_test-token",
                  **{f"secrets.{k}": v for k, v in secrets.items()}}
        if event == "pull_request":
            return {**common, "github.event_name": "pull_request",
                    "github.ref": "refs/pull/7/merge", "github.event.pull_request.number": "7",
                    "github.event.pull_request.head.repo.full_name": "acme/mail-infra"}
        return {**common, "github.event_name": event, "github.ref": "refs/heads/main"}

    def shell_steps(self, jobs: set[str]) -> set[str]:
        return {self.label(name, step) for name, job in self.workflow["jobs"].items()
                if name in jobs
                for step in job["steps"] if "run" in step and not is_install(step["run"])}

    @staticmethod
    def label(job: str, step: dict[str, Any]) -> str:
        return f"{job}: {step['run']}"

    def run(self, event: str, repo: UserRepository, keys: Keys) -> JobRun:
        runs = self.run_all(event, repo, keys)
        assert len(runs) == 1, f"a {event} must run one job, not {[r.job for r in runs]}"
        return runs[0]

    def run_all(self, event: str, repo: UserRepository, keys: Keys) -> list[JobRun]:
        """Every job the event runs, one after the other; a job's matrix, one value a run."""
        context = self.context(event, repo, keys)
        runs = []
        for name, job in self.workflow["jobs"].items():
            if not condition(job.get("if", "true"), context, failed=False):
                continue
            matrix = (job.get("strategy") or {}).get("matrix") or {"": [""]}
            assert len(matrix) == 1, f"the test models a matrix of one variable: {matrix}"
            [(variable, values)] = matrix.items()
            runs += [self.run_job(name, job, event, repo, keys,
                                  {f"matrix.{variable}": value} if variable else {})
                     for value in values]
        return runs

    def run_job(self, name: str, job: dict[str, Any], event: str, repo: UserRepository,
                keys: Keys, matrix: dict[str, str]) -> JobRun:
        context = {**self.context(event, repo, keys, job.get("environment")), **matrix}
        summary = repo.tmp / f"step-summary-{name}.md"
        summary.unlink(missing_ok=True)
        repo.fresh_checkout()
        runner = {"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": event,
                  "GITHUB_REF": context["github.ref"],
                  "GITHUB_REPOSITORY": context["github.repository"],
                  "GITHUB_STEP_SUMMARY": str(summary)}
        result, failed = JobRun(name), False
        for step in job["steps"]:
            assert set(step) <= self.STEP_KEYS, f"the test does not model {set(step)}"
            if not condition(step.get("if", "success()"), context, failed):
                continue
            if "uses" in step or is_install(step["run"]):
                result.skipped.append(yaml.safe_dump(step))
                continue
            assert "${{" not in step["run"], "expressions belong in env:, not in the script"
            env = {k: substitute(str(v), context) for source in (self.workflow, job, step)
                   for k, v in (source.get("env") or {}).items()}
            code, output = repo.shell(step["run"], {**env, **runner})
            result.codes[self.label(name, step)] = code
            result.log += output
            failed = failed or code != 0
        result.summary = summary.read_text() if summary.exists() else ""
        uploads = [step["with"]["path"] for step in job["steps"]
                   if "upload-artifact" in step.get("uses", "")]
        result.artifacts = {p: read_if_there(repo.dir / p) for p in uploads}
        result.posts = repo.posts()
        result.keys = repo.held_keys()
        return result

    @staticmethod
    def posted_review(post: dict[str, Any]) -> str:
        argv = post["argv"]
        assert post["tool"] == "gh" and argv[:3] == ["pr", "comment", "7"], post
        assert argv[argv.index("--repo") + 1] == "acme/mail-infra", post
        assert {"--edit-last", "--create-if-none"} <= set(argv), post
        assert post["GH_TOKEN"] == "ghs_test-token", post
        body: str = post["files"][argv[argv.index("--body-file") + 1]]
        return body


class GitLabPipeline:
    """Runs a job of the pipeline as a GitLab runner would: `rules: if:` with `==`, `!=`,
    `&&` on variables and strings; before_script and script in one shell, stopping at the
    first failure; after_script in a shell of its own, whatever happened before."""

    path = GITLAB
    preview_event, deploy_event, schedule_event = "merge_request_event", "push", "schedule"
    KEYWORDS = frozenset({"default", "stages", "variables", "workflow", "include"})
    JOB_KEYS = frozenset({"stage", "rules", "resource_group", "before_script", "script",
                          "after_script", "artifacts", "parallel"})

    def __init__(self) -> None:
        self.pipeline: dict[str, Any] = yaml.safe_load(self.path.read_text())
        self.jobs = {name: job for name, job in self.pipeline.items()
                     if name not in self.KEYWORDS and not name.startswith(".")}

    def variables(self, event: str, repo: UserRepository, keys: Keys) -> dict[str, str]:
        project = {**repo.secrets(keys), "REVIEW_NOTE_TOKEN": "glpat-test-token"}
        # Protected: merge request pipelines of a branch go without; the default branch's
        # pushes and schedules have it.
        if event == "merge_request_event":
            del project["MAILGUN_API_KEY"]
        predefined = {"GITLAB_CI": "true", "CI_DEFAULT_BRANCH": "main", "CI_PROJECT_ID": "42",
                      "CI_API_V4_URL": "https://gitlab.example.com/api/v4",
                      "CI_PIPELINE_SOURCE": event}
        if event == "merge_request_event":
            predefined["CI_MERGE_REQUEST_IID"] = "7"
        else:
            predefined["CI_COMMIT_BRANCH"] = "main"
        return {**project, **predefined,
                **{k: str(v) for k, v in self.pipeline.get("variables", {}).items()}}

    def scripts(self, job: dict[str, Any]) -> tuple[list[str], list[str]]:
        before = job.get("before_script", self.pipeline.get("default", {}).get("before_script"))
        return [*(before or []), *job["script"]], list(job.get("after_script") or [])

    def shell_steps(self, jobs: set[str]) -> set[str]:
        return {f"{name}: {line}" for name, job in self.jobs.items() if name in jobs
                for part in self.scripts(job) for line in part if not is_install(line)}

    def run(self, event: str, repo: UserRepository, keys: Keys) -> JobRun:
        runs = self.run_all(event, repo, keys)
        assert len(runs) == 1, f"a {event} pipeline must run one job, not {[r.job for r in runs]}"
        return runs[0]

    def run_all(self, event: str, repo: UserRepository, keys: Keys) -> list[JobRun]:
        """Every job the pipeline runs, in the order of the stages; a job's
        ``parallel: matrix``, one value a run."""
        variables = self.variables(event, repo, keys)
        assert any(rules_allow([rule], variables) for rule in self.pipeline["workflow"]["rules"])
        stages = self.pipeline["stages"]
        names = sorted((name for name, job in self.jobs.items()
                        if rules_allow(job.get("rules", [{}]), variables)),
                       key=lambda name: stages.index(self.jobs[name]["stage"]))
        runs = []
        for name in names:
            job = self.jobs[name]
            assert set(job) <= self.JOB_KEYS, f"the test does not model {set(job) - self.JOB_KEYS}"
            [matrix] = (job.get("parallel") or {}).get("matrix") or [{"": [""]}]
            assert len(matrix) == 1, f"the test models a matrix of one variable: {matrix}"
            [(variable, values)] = matrix.items()
            runs += [self.run_job(name, job, {**variables, variable: value} if variable
                                  else variables, repo) for value in values]
        return runs

    def run_job(self, name: str, job: dict[str, Any], variables: dict[str, str],
                repo: UserRepository) -> JobRun:
        repo.fresh_checkout()
        result = JobRun(name)
        script, after = self.scripts(job)
        self.shell_lines(name, script, variables, repo, result)
        self.shell_lines(name, after, variables, repo, result)
        result.summary = result.log
        result.artifacts = {p: read_if_there(repo.dir / p) for p in job["artifacts"]["paths"]}
        result.posts = repo.posts()
        result.keys = repo.held_keys()
        return result

    @staticmethod
    def shell_lines(job: str, lines: list[str], variables: dict[str, str],
                    repo: UserRepository, result: JobRun) -> None:
        """One shell for the lines, as the runner's: a marker before each tells which ran."""
        ran = repo.tmp / "ran.txt"
        ran.unlink(missing_ok=True)
        script = []
        for n, line in enumerate(lines):
            if is_install(line):
                result.skipped.append(line)
                continue
            script += [f"echo {n} >> {shlex.quote(str(ran))}", line]
        code, output = repo.shell("\n".join(script), variables)
        result.log += output
        done = [int(n) for n in ran.read_text().split()] if ran.exists() else []
        for n in done:
            result.codes[f"{job}: {lines[n]}"] = code if n == done[-1] else 0

    @staticmethod
    def posted_review(post: dict[str, Any]) -> str:
        argv = post["argv"]
        assert post["tool"] == "curl", post
        assert argv[-1] == "https://gitlab.example.com/api/v4/projects/42/merge_requests/7/notes"
        assert "PRIVATE-TOKEN: glpat-test-token" in argv, post
        body: str = post["files"]["body@review.md"]
        return body


Example = GitHubWorkflow | GitLabPipeline


def condition(expression: str, context: Mapping[str, str], failed: bool) -> bool:
    """A GitHub `if:`; without a status function, success() is implied."""
    text = expression.strip()
    if text.startswith("${{") and text.endswith("}}"):
        text = text[3:-2].strip()
    terms = [term.strip() for term in text.split("&&")]
    statuses = {"always()": True, "!cancelled()": True, "success()": not failed,
                "failure()": failed, "true": True}
    if not any(term in statuses for term in terms) and failed:
        return False
    for term in terms:
        if term in statuses:
            value = statuses[term]
        else:
            match = re.fullmatch(r"(\S+)\s*(==|!=)\s*(\S+)", term)
            assert match, f"the test cannot evaluate {expression!r}"
            left, right = operand(match[1], context), operand(match[3], context)
            value = (left == right) == (match[2] == "==")
        if not value:
            return False
    return True


def operand(token: str, context: Mapping[str, str]) -> str | None:
    if token.startswith("'") and token.endswith("'"):
        return token[1:-1]
    if token in context:
        return context[token]
    # A property the event lacks is null to GitHub; any other unknown name is a typo.
    assert token.startswith("github.event."), f"no value for {token!r} in the test's context"
    return None


def substitute(value: str, context: Mapping[str, str]) -> str:
    def one(match: re.Match[str]) -> str:
        found = operand(match[1], context)
        assert found is not None, f"no value for {match[1]!r} in the test's context"
        return found
    return re.sub(r"\$\{\{\s*([\w.-]+)\s*\}\}", one, value)


def rules_allow(rules: list[dict[str, Any]], variables: Mapping[str, str]) -> bool:
    """GitLab's rules: the first that matches decides; none matching means no job."""
    for rule in rules:
        assert set(rule) <= {"if", "when"}, f"the test does not model {rule}"
        if "if" not in rule or all(
                compare(term, variables) for term in rule["if"].split("&&")):
            return bool(rule.get("when", "on_success") != "never")
    return False


def compare(term: str, variables: Mapping[str, str]) -> bool:
    match = re.fullmatch(r"\s*(\S+)\s*(==|!=)\s*(\S+)\s*", term)
    assert match, f"the test cannot evaluate {term!r}"

    def value(token: str) -> str | None:
        if token.startswith("$"):
            return variables.get(token[1:])
        assert token[0] == token[-1] and token[0] in "'\"", f"cannot read {token!r}"
        return token[1:-1]
    return (value(match[1]) == value(match[3])) == (match[2] == "==")


def read_if_there(path: Path) -> str | None:
    return path.read_text() if path.exists() else None


# --- the tests -----------------------------------------------------------------------------

def mutations(emulator: Emulator) -> list[dict[str, Any]]:
    return [r for r in emulator.requests_log() if r["method"] != "GET"]


def run_both(example: Example, tmp_path: Path, emulator: Emulator,
             spec: dict[str, Any]) -> tuple[JobRun, JobRun]:
    """The pull request's job, then the default branch's, on one stack: the preview with a
    read-only key, the deploy with the admin key."""
    repo = UserRepository(tmp_path, emulator.url, spec)
    keys = Keys(api_key=emulator.api_key, read_api_key=emulator.client().request(
        "POST", "/v1/keys", form={"role": "basic", "description": "ci-preview"})["key"]["secret"])
    emulator.admin("DELETE", "/requests")
    review = example.run(example.preview_event, repo, keys)
    assert mutations(emulator) == [], "a preview wrote to Mailgun"
    # Least privilege: the job that runs a branch's code holds the read-only key alone, and
    # whatever it read went with that key.
    assert review.keys == {"MAILGUN_READ_API_KEY": keys.read_api_key}, review.keys
    assert {r["role"] for r in emulator.requests_log()} <= {"basic"}
    emulator.admin("DELETE", "/requests")
    deploy = example.run(example.deploy_event, repo, keys)
    assert deploy.keys.get("MAILGUN_API_KEY") == keys.api_key, deploy.keys
    assert {r["role"] for r in mutations(emulator)} <= {"admin"}
    # Every shell step of the example ran in one of the two jobs: none is left untested.
    assert {*review.codes, *deploy.codes} == example.shell_steps({review.job, deploy.job})
    skipped = "\n".join(review.skipped + deploy.skipped)
    assert '"$MAILGUN_INFRA"' in skipped and PULUMI_PIN in skipped, skipped
    package = example.path.read_text().split("MAILGUN_INFRA: ", 1)[1].split("\n", 1)[0]
    assert package.startswith("mailgun-infra @ git+https://") and package.endswith(PACKAGE_PIN)
    return review, deploy


def the_review(example: Example, run: JobRun) -> tuple[str, dict[str, Any]]:
    """The review the job posted, checked against the files it wrote and its summary."""
    assert len(run.posts) == 1, f"the review must be posted once, not {run.posts}"
    markdown = example.posted_review(run.posts[0])
    assert markdown.startswith(f"## `pulumi preview` of stack `{STACK}`"), markdown
    assert markdown in run.summary
    if "review.md" in run.artifacts:
        assert run.artifacts["review.md"] == markdown
    review = run.artifacts["review.json"]
    assert review is not None
    return markdown, json.loads(review)


EXAMPLES_TO_RUN = [pytest.param(GitHubWorkflow, id="github"),
                   pytest.param(GitLabPipeline, id="gitlab")]


@pytest.mark.e2e
@pytest.mark.parametrize("example_class", EXAMPLES_TO_RUN)
def test_a_clean_change_is_reviewed_then_deployed(tmp_path: Path, emulator: Emulator,
                                                  example_class: type[Example]) -> None:
    example = example_class()
    review, deploy = run_both(example, tmp_path, emulator, {"dedicated_ip_pools": POOLS})

    assert review.job == "preview" and review.code_of("ci preview") == 0, review.log
    markdown, data = the_review(example, review)
    assert "2 to create" in markdown
    assert sorted((c["op"], c["urn"].rsplit("::", 1)[1]) for c in data["changes"]) == [
        ("create", "marketing"), ("create", "transactional")]
    assert [v for v in data["violations"] if v["level"] == "mandatory"] == []

    assert deploy.job == "deploy" and deploy.code_of("ci up") == 0, deploy.log
    assert f"## `pulumi up` of stack `{STACK}`" in deploy.summary
    assert deploy.posts == []
    pools = emulator.pools_by_name()
    assert {name: sorted(pool["ips"]) for name, pool in pools.items()} == {
        name: spec["ips"] for name, spec in POOLS.items()}


@pytest.mark.e2e
@pytest.mark.parametrize("example_class", EXAMPLES_TO_RUN)
def test_a_policy_violation_fails_the_review_and_the_deploy(
        tmp_path: Path, emulator: Emulator, example_class: type[Example]) -> None:
    example = example_class()
    review, deploy = run_both(example, tmp_path, emulator, {"dedicated_ip_pools": VIOLATING})

    assert review.job == "preview" and review.code_of("ci preview") == 2, review.log
    # Posted all the same, the failure being what reviewers need to read.
    markdown, data = the_review(example, review)
    [row] = [line for line in markdown.splitlines() if line.startswith(
        "| mandatory | medium | mailgun-sending-safety | [ip-in-one-dipp](")]
    resource, message = [cell.strip() for cell in row.strip("|").split("|")][4:6]
    assert resource in POOLS and "192.0.2.10" in message, row
    assert "'marketing'" in message and "'transactional'" in message, row
    assert [v["policy"] for v in data["violations"] if v["level"] == "mandatory"] == [
        "ip-in-one-dipp"]

    assert deploy.job == "deploy" and deploy.code_of("ci up") == 2, deploy.log
    assert "ip-in-one-dipp" in deploy.summary
    assert mutations(emulator) == [] and emulator.pools_by_name() == {}


