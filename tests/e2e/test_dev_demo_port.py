"""`./dev demo` on a port of the user's choosing (MAILGUN_EMULATOR_PORT), and only with an
emulator that ./dev started: the real script in a copy of the project (Project of
test_dev_secrets), a process of the test's own standing in for whatever else holds a port."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.e2e.test_dev_secrets import Project

pytestmark = pytest.mark.e2e


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A port some other process listens on (a free one, so that the test never meets a
    demo of the machine's own)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        sock.setblocking(False)
        yield sock


def on_port(project: Project, port: int) -> Project:
    project.env["MAILGUN_EMULATOR_PORT"] = str(port)
    return project


def test_a_taken_port_stops_the_demo_with_the_way_out(tmp_path: Path,
                                                      listener: socket.socket) -> None:
    port = listener.getsockname()[1]
    project = on_port(Project(tmp_path), port)
    done = project.dev("demo")
    assert done.returncode == 1, done
    assert f"port {port} is taken by a process that ./dev did not start" in done.stderr
    assert "MAILGUN_EMULATOR_PORT=" in done.stderr
    with pytest.raises(BlockingIOError):
        listener.accept()  # nothing of ./dev's knocked
    assert not list((project.dir / ".pulumi-state").rglob("emulator.pid"))


def test_stop_emulator_leaves_a_process_it_did_not_start(tmp_path: Path) -> None:
    project = on_port(Project(tmp_path), 8125)
    stranger = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        pid_file = project.dir / ".pulumi-state" / "port-8125" / "emulator.pid"
        pid_file.parent.mkdir(parents=True)
        # A pid file that outlived its emulator, the pid since taken by another process.
        pid_file.write_text(f"{stranger.pid}\n")
        done = project.dev("stop-emulator")
        assert done.returncode == 0, done
        assert stranger.poll() is None, "stop-emulator killed a process it did not start"
        assert not pid_file.exists()
    finally:
        stranger.kill()
        stranger.wait()


@pytest.mark.skipif(os.environ.get("MAILGUN_INFRA_COMPAT") != "1",
                    reason="a whole demo (~15 s): ./dev test-compat runs it")
def test_two_demos_on_two_ports_keep_to_their_own(tmp_path: Path) -> None:
    """Two demos side by side: each has its emulator, its stack URL and its state, and
    neither touches the other's account."""
    free = socket.socket()
    free.bind(("127.0.0.1", 0))
    first, second = free.getsockname()[1], 0
    free.close()
    project = on_port(Project(tmp_path), first)
    try:
        done = project.dev("demo")
        assert done.returncode == 0, done.stderr
        url = f"http://127.0.0.1:{first}/_emulator/state"
        before = requests.get(url, timeout=10).json()
        assert {p["name"] for p in before["ip_pools"]} >= {"transactional", "marketing"}

        with socket.socket() as other:
            other.bind(("127.0.0.1", 0))
            second = other.getsockname()[1]
        on_port(project, second)
        done = project.dev("demo")
        assert done.returncode == 0, done.stderr
        assert f"starting the Mailgun emulator on http://127.0.0.1:{second}" in done.stderr
        assert json.dumps(requests.get(url, timeout=10).json(), sort_keys=True) == \
            json.dumps(before, sort_keys=True), "the second demo changed the first's account"
        stack_file = project.dir / ".pulumi-state" / f"port-{second}" / "Pulumi.dev.yaml"
        assert f"mailgun:apiUrl: http://127.0.0.1:{second}" in stack_file.read_text()
    finally:
        for port in (first, second):
            if port:
                on_port(project, port).dev("stop-emulator")
