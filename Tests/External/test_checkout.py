"""`orchestrator checkout WORKFLOW [CPn] DIR` and `checkpoint/checkout`: a workflow's files, as a checkpoint saved
them, written into a folder of their own, byte for byte, with what must be refused refused."""
import json
import os
import pathlib
import stat
import subprocess

from conftest import run, set_waiver


def tree(root: pathlib.Path) -> dict[str, tuple[int, bytes]]:
    """Every file and symlink under root but the state and the policies (never in a snapshot): mode and bytes."""
    result = {}
    for path in root.rglob("*"):
        relative = path.relative_to(root)
        if relative.parts[0] in (".orchestrator", "governance") or path.is_dir() and not path.is_symlink():
            continue
        info = path.lstat()
        body = os.readlink(path).encode() if path.is_symlink() else path.read_bytes()
        result[str(relative)] = (stat.S_IMODE(info.st_mode), body)
    return result


def completed_example(orchestrator, example) -> str:
    set_waiver(example, "2999-12-31")
    started = run(orchestrator, "run", "start", "--intake", "intake.yaml", "--json", cwd=example, timeout=300)
    assert started.returncode == 0, started.stderr
    report = json.loads(started.stdout)
    assert report["status"] == "completed"
    return report["id"]


def test_checkout_writes_the_latest_and_an_earlier_checkpoint_exactly_and_refuses_what_it_must(
        orchestrator, example, tmp_path):
    (example / "run.sh").write_text("#!/bin/sh\necho hi\n")
    (example / "run.sh").chmod(0o755)
    (example / "latest").symlink_to("run.sh")
    workflow = completed_example(orchestrator, example)

    latest = run(orchestrator, "checkout", workflow, str(tmp_path / "latest"), "--json", cwd=example)
    assert latest.returncode == 0, latest.stderr
    report = json.loads(latest.stdout)
    assert report["checkpoint"] == "CP6" and report["workflow"] == workflow
    written = tree(tmp_path / "latest")
    assert written == tree(example)
    assert written["run.sh"][0] == 0o755 and written["latest"] == (0o777, b"run.sh")
    assert report["files"] == len(written)

    earlier = run(orchestrator, "checkout", workflow, "CP1", str(tmp_path / "cp1"), cwd=example)
    assert earlier.returncode == 0, earlier.stderr
    assert "wrote CP1 (attempt 1)" in earlier.stdout
    cp1 = tree(tmp_path / "cp1")
    assert "docs/plan.md" in cp1 and "src/customer_analytics_platform.py" not in cp1
    assert len(cp1) < len(written)

    again = run(orchestrator, "checkout", workflow, str(tmp_path / "latest"), cwd=example)
    assert again.returncode != 0 and "is not empty" in again.stderr
    inside = run(orchestrator, "checkout", workflow, ".orchestrator/out", cwd=example)
    assert inside.returncode != 0 and ".orchestrator folder" in inside.stderr
    assert not (example / ".orchestrator/out").exists()
    unknown = run(orchestrator, "checkout", workflow, "CP9", str(tmp_path / "cp9"), cwd=example)
    assert unknown.returncode != 0 and "'CP9' is not a checkpoint" in unknown.stderr
    missing = run(orchestrator, "checkout", "no-such-workflow", str(tmp_path / "none"), cwd=example)
    assert missing.returncode != 0 and "no workflow 'no-such-workflow'" in missing.stderr
    assert not (tmp_path / "cp9").exists() and not (tmp_path / "none").exists()


def test_checkpoint_checkout_over_rpc_writes_the_same_files(orchestrator, example, tmp_path):
    workflow = completed_example(orchestrator, example)
    (tmp_path / "occupied").mkdir()
    (tmp_path / "occupied/mine.txt").write_text("mine\n")
    # The server answers requests at once, not in turn: the two name different folders.
    requests = [
        {"method": "checkpoint/checkout",
         "params": {"workspace": str(example), "workflow": workflow, "checkpoint": "CP2",
                    "directory": str(tmp_path / "rpc")}},
        {"method": "checkpoint/checkout",
         "params": {"workspace": str(example), "workflow": workflow, "directory": str(tmp_path / "occupied")}},
    ]
    lines = "".join(json.dumps({"jsonrpc": "2.0", "id": i + 1, **r}) + "\n" for i, r in enumerate(requests))
    done = subprocess.run([orchestrator, "serve", "--stdio"], input=lines, capture_output=True, text=True,
                          timeout=60, cwd=example)
    replies = sorted((json.loads(line) for line in done.stdout.splitlines() if line.strip()),
                     key=lambda reply: reply.get("id", 0))
    first, second = [reply for reply in replies if "id" in reply]
    assert first["result"]["checkpoint"] == "CP2", first
    assert first["result"]["directory"] == str(tmp_path / "rpc")
    cli = run(orchestrator, "checkout", workflow, "CP2", str(tmp_path / "cli"), cwd=example)
    assert cli.returncode == 0, cli.stderr
    assert tree(tmp_path / "rpc") == tree(tmp_path / "cli")
    assert "is not empty" in second["error"]["message"], second
    assert [p.name for p in (tmp_path / "occupied").iterdir()] == ["mine.txt"]
