"""Components are found through their installed entry points, as pluggy finds them, but
without parsing every installed distribution's metadata."""

from __future__ import annotations

from pathlib import Path

import pluggy
import pytest

from fiscalwatch.plugins import PROJECT, Hooks, load_entry_points


def _manager() -> pluggy.PluginManager:
    manager = pluggy.PluginManager(PROJECT)
    manager.add_hookspecs(Hooks)
    return manager


def test_finds_the_same_components_as_pluggy() -> None:
    ours, pluggys = _manager(), _manager()
    load_entry_points(ours, PROJECT)
    pluggys.load_setuptools_entrypoints(PROJECT)
    assert {name for name, _ in ours.list_name_plugin()} == {
        name for name, _ in pluggys.list_name_plugin()
    }
    assert {"crawler", "monitor", "alerts"} <= {name for name, _ in ours.list_name_plugin()}


def test_an_installed_distribution_declaring_the_group_is_loaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "outside_component.py").write_text("MARK = 'outside'\n", encoding="utf-8")
    declaring = tmp_path / "outside-1.0.dist-info"
    declaring.mkdir()
    (declaring / "METADATA").write_text("Name: outside\nVersion: 1.0\n", encoding="utf-8")
    (declaring / "entry_points.txt").write_text(
        "[console_scripts]\noutside = outside_component:main\n\n"
        f"[{PROJECT}]\noutside = outside_component\n",
        encoding="utf-8",
    )
    other = tmp_path / "other-1.0.dist-info"  # declares another group only
    other.mkdir()
    (other / "entry_points.txt").write_text("[pytest11]\nother = nowhere\n", encoding="utf-8")
    (tmp_path / "broken.egg-info").write_text("an egg-info that is a file\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))

    manager = _manager()
    load_entry_points(manager, PROJECT)

    outside = manager.get_plugin("outside")
    assert outside is not None and outside.MARK == "outside"
    assert manager.get_plugin("other") is None


def test_a_blocked_name_is_not_loaded() -> None:
    manager = _manager()
    manager.set_blocked("crawler")
    load_entry_points(manager, PROJECT)
    assert manager.get_plugin("crawler") is None
    assert manager.get_plugin("monitor") is not None
