"""Originals are durable: written to a temporary file, fsynced, renamed, and the folder
fsynced; what an interrupted write leaves behind is removed under the cycle lock."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from fiscalwatch.cli import cli
from fiscalwatch.store.files import FileStore
from tests.conftest import make_config


def test_the_folder_is_fsynced_after_the_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append("fsync dir" if os.path.isdir(f"/proc/self/fd/{fd}") else "fsync file")
        real_fsync(fd)

    def replace(source: str, target: str) -> None:
        events.append("rename")
        real_replace(source, target)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    files = FileStore(tmp_path / "files")
    files.put_bytes(b"%PDF one")
    # the file, the rename, its new folder and the folders created for it
    assert events == ["fsync file", "rename", "fsync dir", "fsync dir", "fsync dir"]
    events.clear()
    files.put_bytes(b"%PDF two, same folders?")
    assert events[:3] == ["fsync file", "rename", "fsync dir"]


def test_leftover_temporaries_are_removed_when_a_stage_starts(tmp_path: Path) -> None:
    files = FileStore(tmp_path / "files")
    sha = files.put_bytes(b"%PDF kept")
    folder = files.path(sha).parent
    leftover = folder / ".tmp-abc123"
    leftover.write_bytes(b"half an orig")
    config = make_config(tmp_path)
    status = CliRunner().invoke(cli, ["--config", str(config), "status"])
    assert status.exit_code == 0 and leftover.exists()  # a reader leaves writers alone
    parse = CliRunner().invoke(cli, ["--config", str(config), "parse"])
    assert parse.exit_code == 0, parse.output
    assert not leftover.exists()
    assert files.read(sha) == b"%PDF kept"


def test_staged_files_become_originals_only_when_committed(tmp_path: Path) -> None:
    files = FileStore(tmp_path / "files")
    sha = files.stage_bytes(b"%PDF staged")
    assert files.has(sha) and files.staged == 1
    assert not files.path(sha).exists()  # a crash now leaves only a temporary file
    assert files.stage_bytes(b"%PDF staged") == sha and files.staged == 1  # stored once
    assert files.commit_staged() == 1
    assert files.read(sha) == b"%PDF staged" and files.staged == 0
    assert not list(files.root.glob("*/*/.tmp-*"))


def test_staged_data_is_flushed_before_the_renames_and_the_renames_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fiscalwatch.store import files as files_module

    events: list[str] = []
    real_flush, real_replace = files_module._flush, os.replace

    def flush(root: Path, paths: list[Path]) -> None:
        events.append("flush")
        real_flush(root, paths)

    def replace(source: str, target: str) -> None:
        events.append("rename")
        real_replace(source, target)

    monkeypatch.setattr(files_module, "_flush", flush)
    monkeypatch.setattr(os, "replace", replace)
    files = FileStore(tmp_path / "files")
    files.stage_bytes(b"%PDF one")
    files.stage_bytes(b"%PDF two")
    files.commit_staged()
    assert events == ["flush", "rename", "rename", "flush"]


def test_without_syncfs_each_staged_file_and_folder_is_fsynced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fiscalwatch.store import files as files_module

    monkeypatch.setattr(files_module, "_syncfs", lambda: None)
    synced: list[str] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        synced.append("dir" if os.path.isdir(f"/proc/self/fd/{fd}") else "file")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    files = FileStore(tmp_path / "files")
    sha = files.stage_bytes(b"%PDF portable")
    files.commit_staged()
    # the data before the rename; its folder, the folder above and the root after
    assert synced == ["file", "dir", "dir", "dir"]
    assert files.read(sha) == b"%PDF portable"


def test_discarded_staged_files_leave_nothing(tmp_path: Path) -> None:
    files = FileStore(tmp_path / "files")
    sha = files.stage_bytes(b"%PDF not wanted")
    files.discard_staged()
    assert not files.has(sha) and files.staged == 0
    assert not list(files.root.glob("*/*/*"))
