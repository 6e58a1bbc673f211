"""``careermap notebooks DEST`` and the folder ``careermap lab`` opens (the installed case is
run for real, from a built wheel, in ``tests/test_wheel.py``)."""

from __future__ import annotations

import hashlib
import json
import shlex
from pathlib import Path

import pytest

from careermap.cli import _lab, main
from careermap.cli import _notebook_files as _notebooks
from careermap.cli._notebook_files import RECORD, bundled_notebooks, copy_notebooks

ROOT = Path(__file__).resolve().parent.parent
NAMES = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))


def test_the_bundled_notebooks_are_the_repositorys() -> None:
    assert [p.name for p in bundled_notebooks()] == NAMES
    assert len(NAMES) == 5


def test_copies_every_notebook_then_finds_them_up_to_date(tmp_path: Path, capsys) -> None:
    dest = tmp_path / "my" / "notebooks"
    assert main(["notebooks", str(dest)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [f"copied: {dest / name}" for name in NAMES]
    for name in NAMES:
        assert (dest / name).read_bytes() == (ROOT / "notebooks" / name).read_bytes()
    record = json.loads((dest / RECORD).read_text())
    assert record == {
        name: hashlib.sha256((ROOT / "notebooks" / name).read_bytes()).hexdigest() for name in NAMES
    }

    assert main(["notebooks", str(dest)]) == 0
    assert capsys.readouterr().out.splitlines() == [f"up to date: {dest / n}" for n in NAMES]


def test_never_overwrites_a_notebook_the_user_changed(tmp_path: Path, capsys) -> None:
    dest = tmp_path / "nb"
    copy_notebooks(dest)
    mine = dest / NAMES[1]
    mine.write_text('{"cells": ["my own work"]}')
    assert main(["notebooks", str(dest)]) == 0
    captured = capsys.readouterr()
    assert mine.read_text() == '{"cells": ["my own work"]}'
    assert captured.err == (
        f"kept {mine}: it differs from careermap's copy (you changed or ran it), so it was "
        "not overwritten; rename or delete it to get the new version\n"
    )
    assert f"up to date: {dest / NAMES[0]}" in captured.out
    assert str(mine) not in captured.out


def test_a_notebook_of_the_same_name_careermap_did_not_write_is_kept(tmp_path: Path) -> None:
    (tmp_path / NAMES[0]).write_text("a notebook of my own")
    (tmp_path / NAMES[2]).mkdir()  # even a folder of that name
    actions = {c.name: c.action for c in copy_notebooks(tmp_path)}
    assert actions[NAMES[0]] == actions[NAMES[2]] == "kept"
    assert (tmp_path / NAMES[0]).read_text() == "a notebook of my own"
    assert sorted(a for n, a in actions.items() if n not in (NAMES[0], NAMES[2])) == ["copied"] * 3


def test_an_unchanged_earlier_copy_is_brought_up_to_date(tmp_path: Path) -> None:
    """After an upgrade: the file is what careermap wrote last time, so it is careermap's."""
    old = b'{"an": "older version"}'
    (tmp_path / NAMES[3]).write_bytes(old)
    (tmp_path / RECORD).write_text(json.dumps({NAMES[3]: hashlib.sha256(old).hexdigest()}))
    actions = {c.name: c.action for c in copy_notebooks(tmp_path)}
    assert actions[NAMES[3]] == "updated"
    assert (tmp_path / NAMES[3]).read_bytes() == (ROOT / "notebooks" / NAMES[3]).read_bytes()
    assert not list(tmp_path.glob(".*.tmp"))  # the atomic writes left nothing behind


def test_an_unreadable_record_protects_every_notebook(tmp_path: Path) -> None:
    copy_notebooks(tmp_path)
    (tmp_path / NAMES[0]).write_text("changed")
    (tmp_path / RECORD).write_text("not json")
    assert {c.name: c.action for c in copy_notebooks(tmp_path)}[NAMES[0]] == "kept"


def test_dest_that_is_a_file_is_refused_plainly(tmp_path: Path, capsys) -> None:
    (tmp_path / "f").write_text("x")
    assert main(["notebooks", str(tmp_path / "f")]) == 1
    assert capsys.readouterr().err == (
        f"careermap: {tmp_path / 'f'} is a file; give a folder to copy the notebooks into\n"
    )


def test_lab_opens_the_checkout_notebooks_in_a_checkout(capsys) -> None:
    assert main(["lab", "--dry-run"]) == 0
    assert f"--notebook-dir={ROOT / 'notebooks'}" in shlex.split(capsys.readouterr().out)


def test_lab_outside_a_checkout_opens_the_users_copy(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setattr(_notebooks, "checkout_notebooks", lambda: None)
    monkeypatch.setattr(_notebooks.sys, "platform", "linux")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    mine = tmp_path / "data" / "careermap" / "notebooks"
    assert main(["lab", "--dry-run"]) == 0
    assert f"--notebook-dir={mine}" in shlex.split(capsys.readouterr().out)
    assert not mine.exists()  # a dry run writes nothing

    ran = []
    monkeypatch.setattr(_lab.subprocess, "call", lambda cmd, env: ran.append(cmd) or 0)
    assert main(["lab", "--no-browser"]) == 0
    assert f"--notebook-dir={mine}" in ran[0] and ran[0][-1] == "--no-browser"
    assert sorted(p.name for p in mine.glob("*.ipynb")) == NAMES
    assert capsys.readouterr().out == f"your notebooks: {mine} (5 of 5 copied or updated now)\n"

    assert main(["lab"]) == 0  # the second time: the same copy, nothing written
    assert capsys.readouterr().out == f"your notebooks: {mine} (0 of 5 copied or updated now)\n"


@pytest.mark.parametrize("platform", ["win32", "darwin", "linux"])
def test_the_users_folder_is_the_platforms_data_folder(platform, monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(_notebooks.sys, "platform", platform)
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "local"))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setattr(_notebooks.Path, "home", lambda: tmp_path / "home")
    expected = {
        "win32": tmp_path / "local",
        "darwin": tmp_path / "home" / "Library" / "Application Support",
        "linux": tmp_path / "home" / ".local" / "share",
    }[platform]
    assert _notebooks.user_notebooks_dir() == expected / "careermap" / "notebooks"
