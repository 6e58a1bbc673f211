"""Every command block of the README works as printed, right after the quick start, in a
clean copy of the repository on a machine whose PATH has no uv (the quick start then
installs uv into ``.tools/``; here ``.tools/bin/uv`` is this machine's uv, placed there so
that the test runs offline from uv's cache).

Each ```bash block runs line by line with ``bash`` from the copy's root, as a person would
paste it. Three kinds of line are cut short, and only these: the quick start's
``dev.py lab`` gets JupyterLab's own ``--version`` (the set-up runs for real, then
JupyterLab starts, prints its version and exits instead of serving), ``dev.py test`` gets
one small test file instead of the whole suite (the suite is what CI runs), and each
benchmark gets ``--help`` (the script starts and imports everything it needs; the
measurements themselves take minutes). Any other line runs unchanged, and so does the
command ``careermap init`` prints as its next step. The ```sh block of "Installing from a
wheel" uses pip and the network; ``tests/test_wheel.py`` runs the same steps with uv.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


def bash_blocks(text: str) -> list[list[str]]:
    """The command lines of each ```bash block (comments and blank lines left out)."""
    blocks = re.findall(r"^```bash\n(.*?)^```", text, flags=re.M | re.S)
    return [
        [line for line in (x.strip() for x in block.splitlines()) if line and line[0] != "#"]
        for block in blocks
    ]


def as_run(line: str) -> str:
    """The line as the test runs it (see the module docstring)."""
    command = line.split(" #", 1)[0].rstrip()  # a trailing comment would swallow what we add
    if command.startswith("python3 scripts/dev.py lab"):
        return f"{command} --version"
    if command.startswith("python3 scripts/dev.py test"):
        return f"{command} tests/test_args.py -q -n 0 -p no:cacheprovider"
    if "benchmarks/" in command:
        return f"{command} --help"
    return command


def real_uv() -> str | None:
    """The uv executable itself (not a version manager's shim script)."""
    candidates = [Path(sys._base_executable).parent / "uv", ROOT / ".tools" / "bin" / "uv"]
    if os.environ.get("UV"):  # `uv run` names its own executable here
        candidates.insert(0, Path(os.environ["UV"]))
    found = shutil.which("uv")
    if found:
        candidates.append(Path(found))
    for path in candidates:
        if path.is_file() and path.open("rb").read(2) != b"#!":
            return str(path.resolve())
    return None


def test_the_readme_has_the_blocks_this_test_knows() -> None:
    blocks = bash_blocks(README.read_text(encoding="utf-8"))
    assert blocks[0] == ["python3 scripts/dev.py lab", "python3 scripts/dev.py test"]
    assert all(line.startswith(".venv/bin/careermap ") for line in blocks[1])
    assert all("benchmarks/" in line for line in blocks[2])
    assert len(blocks) == 3, "a new ```bash block: check that as_run() runs it quickly"


@pytest.mark.slow
def test_every_readme_command_block_works_as_printed(tmp_path: Path) -> None:
    uv = real_uv()
    if uv is None:
        pytest.skip("needs uv's executable to place in .tools/ (python3 scripts/dev.py test)")
    clone = tmp_path / "clone"
    files = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode()
    for name in filter(None, files.split("\0")):
        if (ROOT / name).is_file():  # a file deleted but not yet committed is not copied
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, clone / name)
    (clone / ".tools" / "bin").mkdir(parents=True)
    (clone / ".tools" / "bin" / "uv").symlink_to(uv)
    bindir = tmp_path / "bin"  # the PATH's python3 is this one; no uv, no careermap on it
    bindir.mkdir()
    (bindir / "python3").symlink_to(sys._base_executable)
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("VIRTUAL_ENV", "UV", "PYTHON", "CAREERMAP"))
    }
    env["PATH"] = os.pathsep.join([str(bindir), "/usr/bin", "/bin"])
    assert shutil.which("uv", path=env["PATH"]) is None

    ran = []
    for block in bash_blocks(README.read_text(encoding="utf-8")):
        for line in block:
            command = as_run(line)
            done = subprocess.run(
                ["bash", "-c", command], cwd=clone, env=env, capture_output=True, text=True,
                timeout=900, check=False,
            )  # fmt: skip
            assert done.returncode == 0, f"{command}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
            ran.append((line, done.stdout))
            if command.startswith("python3 scripts/dev.py lab"):  # JupyterLab itself answered
                assert re.search(r"^\d+\.\d+\.\d+$", done.stdout, flags=re.M), done.stdout
            if " init " in line:  # its hint: the next command, exactly as printed
                hint = done.stdout.split("then run: ", 1)[1].strip()
                assert hint.startswith(".venv/bin/careermap validate "), hint
                again = subprocess.run(
                    ["bash", "-c", hint], cwd=clone, env=env, capture_output=True, text=True,
                    timeout=300, check=False,
                )  # fmt: skip
                assert again.returncode == 0, f"{hint}\n{again.stdout}\n{again.stderr}"
                assert again.stdout.startswith("sam-lee: ok - "), again.stdout
    assert (clone / ".venv").is_dir() and (clone / "maps" / "sam-lee" / "roadmap.yaml").is_file()
    assert len(ran) == sum(len(b) for b in bash_blocks(README.read_text(encoding="utf-8")))
