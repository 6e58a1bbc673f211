"""careermap as a user installs it: a wheel built from this checkout, installed in a fresh
virtual environment, used from a folder with no repository around.

The environment is made with uv and its packages come from the lock file's versions
(``uv export``), so uv takes them from its cache: the test runs offline once the project's
own environment was set up (it retries online when the cache misses something). Then, as
a user would: ``careermap --version``, ``careermap notebooks DEST`` (twice, and once after a
change of the user's), ``careermap lab --dry-run`` (the per-user copy, not site-packages),
and papermill runs each copied notebook top to bottom on the bundled sample.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NAMES = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))


def find_uv() -> str | None:
    """uv: `uv run` names itself in $UV; scripts/dev.py may have put it in .tools/ instead."""
    for candidate in (os.environ.get("UV"), shutil.which("uv"), ROOT / ".tools" / "bin" / "uv"):
        if candidate and Path(candidate).is_file():
            return str(candidate)
    return None


UV = find_uv() or "uv"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", autouse=True)
def _needs_uv() -> None:
    if find_uv() is None:
        message = "uv is not on PATH (python3 scripts/dev.py test installs it)"
        if os.environ.get("CI", "").lower() in ("true", "1", "yes"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)


def run(
    cmd: list[str], *, cwd: Path, env: dict[str, str], timeout: float = 600, err: bool = True
) -> str:
    """``cmd``'s output (stdout, then stderr unless ``err`` is false); it must exit 0."""
    done = subprocess.run(
        cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert done.returncode == 0, f"{cmd} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    return done.stdout + (done.stderr if err else "")


def uv_offline_first(args: list[str], *, cwd: Path, env: dict[str, str]) -> None:
    """``uv ARGS`` from the cache alone; online only if the cache lacks something."""
    offline = subprocess.run(
        [UV, *args], cwd=cwd, env={**env, "UV_OFFLINE": "1"}, capture_output=True, text=True,
        timeout=900, check=False,
    )  # fmt: skip
    if offline.returncode != 0:
        run([UV, *args], cwd=cwd, env=env, timeout=900)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A wheel of this checkout installed (with the lab extra, papermill and a kernel) in a
    fresh environment; the user's folder and home, apart from the repository."""
    tmp = tmp_path_factory.mktemp("wheel")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "UV_PROJECT"))}
    env |= {"UV_PYTHON_DOWNLOADS": "never", "UV_NO_PROGRESS": "1"}
    # the sdist, then the wheel from it: what the sdist leaves out, the wheel lacks
    uv_offline_first(["build", "--out-dir", str(tmp / "dist"), str(ROOT)], cwd=ROOT, env=env)
    (wheel,) = (tmp / "dist").glob("careermap-*.whl")
    pins = tmp / "pins.txt"
    export = [UV, "export", "--locked", "--quiet", "--all-extras", "--all-groups"]
    export += ["--no-hashes", "--no-emit-project", "--format", "requirements.txt"]
    pins.write_text(run(export, cwd=ROOT, env=env, err=False))
    venv = tmp / "venv"
    run([UV, "venv", "--quiet", "--python", sys.executable, str(venv)], cwd=tmp, env=env)
    python = venv / ("Scripts" if os.name == "nt" else "bin") / "python"
    uv_offline_first(
        ["pip", "install", "--quiet", "--python", str(python), "-c", str(pins),
         f"careermap[lab] @ {wheel.as_uri()}", "papermill", "ipykernel"],
        cwd=tmp, env=env,
    )  # fmt: skip
    user = tmp / "user"
    user.mkdir()
    return {"wheel": wheel, "bin": python.parent, "user": user, "home": tmp / "home"}


def user_env(installed: dict[str, Path]) -> dict[str, str]:
    """The user's shell: the new environment first on the PATH, a home of their own, no
    trace of this checkout's environment."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("VIRTUAL_ENV", "PYTHON", "UV", "JUPYTER", "XDG_", "CAREERMAP"))
    }
    home = installed["home"]
    home.mkdir(exist_ok=True)
    return env | {
        "PATH": f"{installed['bin']}{os.pathsep}{env.get('PATH', '')}",
        "HOME": str(home),
        "CAREERMAP_TODAY": "2026-11-15",
    }


def test_the_wheel_carries_the_notebooks_the_sample_and_the_cohort(installed) -> None:
    with zipfile.ZipFile(installed["wheel"]) as wheel:
        names = set(wheel.namelist())
        shipped = {n: wheel.read(f"careermap/_bundled/notebooks/{n}") for n in NAMES}
    assert {n for n in names if n.startswith("careermap/_bundled/notebooks/")} == {
        f"careermap/_bundled/notebooks/{n}" for n in NAMES
    }  # every notebook of the repository, and nothing else (no conftest.py, no README)
    assert shipped == {n: (ROOT / "notebooks" / n).read_bytes() for n in NAMES}
    assert "careermap/_bundled/sample/alex-rivera/roadmap.yaml" in names
    assert "careermap/_bundled/cohort/cohort.yaml" in names


IN_WHEEL = """
import pathlib, careermap
root = pathlib.Path(careermap.__file__).parent
sample, cohort = careermap.sample_path(), careermap.cohort_path()
assert sample.is_relative_to(root / "_bundled"), sample   # package data, not a checkout
assert cohort.is_relative_to(root / "_bundled"), cohort
m = careermap.load(sample)
c = careermap.load(cohort)
print(m.person_ids[0], len(m.goals), len(c.people))
"""


def test_the_installed_package_loads_its_own_sample_and_cohort(installed) -> None:
    python = str(installed["bin"] / "python")
    said = run([python, "-c", IN_WHEEL], cwd=installed["user"], env=user_env(installed))
    assert said.split() == ["alex-rivera", "3", "30"]


def test_the_installed_command_copies_the_notebooks_and_lab_opens_the_users_copy(
    installed,
) -> None:
    env, user = user_env(installed), installed["user"]
    careermap = str(installed["bin"] / "careermap")
    assert run([careermap, "--version"], cwd=user, env=env).strip() == "careermap 0.1.0"
    out = run([careermap, "notebooks", "nb"], cwd=user, env=env)
    assert out.splitlines() == [f"copied: nb/{n}" for n in NAMES]
    (user / "nb" / NAMES[0]).write_text('{"mine": true}')
    out = run([careermap, "notebooks", "nb"], cwd=user, env=env)
    assert f"kept nb/{NAMES[0]}: it differs from careermap's copy" in out
    assert (user / "nb" / NAMES[0]).read_text() == '{"mine": true}'

    out = run([careermap, "lab", "--dry-run"], cwd=user, env=env)
    mine = installed["home"] / ".local" / "share" / "careermap" / "notebooks"
    assert f"--notebook-dir={mine}" in out, out


def test_the_copied_notebooks_run_on_the_bundled_sample(installed) -> None:
    env, user = user_env(installed), installed["user"]
    dest = user / "run"
    run([str(installed["bin"] / "careermap"), "notebooks", str(dest)], cwd=user, env=env)
    failed = []
    for name in NAMES:
        out = dest / f"out-{name}"
        done = subprocess.run(
            [str(installed["bin"] / "papermill"), "--kernel", "python3", "--cwd", str(dest),
             "--no-progress-bar", str(dest / name), str(out)],
            cwd=user, env=env, capture_output=True, text=True, timeout=900, check=False,
        )  # fmt: skip
        if done.returncode != 0:
            failed.append(f"{name}: {done.stderr[-3000:]}")
            continue
        cells = json.loads(out.read_text())["cells"]
        errors = [
            o for c in cells if c["cell_type"] == "code" for o in c.get("outputs", [])
            if o.get("output_type") == "error"
        ]  # fmt: skip
        assert not errors, f"{name}: {errors[0]}"
    assert not failed, "\n".join(failed)
