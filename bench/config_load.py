"""What loading the config costs a command at start-up, stage by stage, in fresh processes.

Each run is a new interpreter that imports the package, pydantic, ``fiscalwatch.config``
and the plugins, then loads a config file: a storage-only one and one with every
``[alerts]`` table and a subscription per channel. The figures are CPU milliseconds
(``time.process_time``, steadier than wall time on a busy machine), the median of
``--runs`` runs.

With ``--against REV`` the same runs are made, interleaved, on that git revision of the
tree (exported to a temporary folder), so the two columns are measured side by side.

    python bench/config_load.py [--runs 15] [--against main]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

STAGES = {
    "pydantic": "import pydantic (BaseModel, Field)",
    "config_module": "import fiscalwatch.config",
    "plugins": "load the plugins (entry points)",
    "load_storage_only": "load_config: [storage] only",
    "load_alerts": "load_config: every [alerts] table, 3 subscriptions",
}

CHILD = """
import json, os, sys, time
clock = time.process_time
marks = {}
import fiscalwatch
start = clock()
from pydantic import BaseModel, Field
marks["pydantic"] = clock() - start
start = clock()
import fiscalwatch.config as config
marks["config_module"] = clock() - start
start = clock()
import fiscalwatch.plugins
fiscalwatch.plugins.plugin_manager()
marks["plugins"] = clock() - start
start = clock()
config.load_config(sys.argv[1])
marks["load_storage_only"] = clock() - start
start = clock()
config.load_config(sys.argv[2])
marks["load_alerts"] = clock() - start
print(json.dumps(marks))
"""

ALERTS = """
[storage]
database = "fw.db"

[alerts.email]
smtp_host = "127.0.0.1"
smtp_port = 8025
username_env = "FW_BENCH_USER"
starttls = true

[[alerts.webhooks]]
name = "ngo-hook"
url = "http://127.0.0.1:9000/hook"
secret_env = "FW_BENCH_SECRET"

[[alerts.apprise]]
name = "chat"
url_env = "FW_BENCH_CHAT"

[alerts.delivery]
max_attempts = 5

[[subscriptions]]
name = "mail"
email = ["watch@example.org"]

[[subscriptions]]
name = "hook"
webhook = "ngo-hook"
min_severity = "info"

[[subscriptions]]
name = "chat"
apprise = "chat"
regions = ["青川市"]
"""


def export(revision: str, into: Path) -> Path:
    """The tree at ``revision`` (``git archive``), importable from ``into``."""
    data = subprocess.run(
        ["git", "archive", "--format=tar", revision], cwd=ROOT, capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=BytesIO(data)) as archive:
        archive.extractall(into, filter="fully_trusted")  # our own tree, symlinks included
    return into


def one_run(tree: Path | None, home: Path) -> dict[str, float]:
    env = dict(os.environ)
    if tree is not None:
        env["PYTHONPATH"] = str(tree)
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(home / "plain.toml"), str(home / "alerts.toml")],
        cwd=home,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    marks: dict[str, float] = json.loads(out)
    return marks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--against", help="a git revision to measure side by side")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="fw-config-load-") as tmp:
        home = Path(tmp)
        (home / "plain.toml").write_text('[storage]\ndatabase = "fw.db"\n', encoding="utf-8")
        (home / "alerts.toml").write_text(ALERTS, encoding="utf-8")
        trees: dict[str, Path | None] = {"this tree": None}
        if args.against:
            trees[args.against] = export(args.against, home / "against")
        runs: dict[str, list[dict[str, float]]] = {name: [] for name in trees}
        for _ in range(args.runs):
            for name, tree in trees.items():  # interleaved: load changes hit both alike
                runs[name].append(one_run(tree, home))
    load = os.getloadavg()[0]
    print(f"CPU ms, median of {args.runs} fresh processes each, load average {load:.2f}")
    print(f"  {'stage':45s}" + "".join(f"{name:>14s}" for name in trees))
    for stage, label in STAGES.items():
        cells = "".join(
            f"{1000 * statistics.median(r[stage] for r in runs[name]):14.1f}" for name in trees
        )
        print(f"  {label:45s}{cells}")
    # The plugins are counted too: importlib.metadata, imported by whichever scans entry
    # points first (pydantic's plugin search or pluggy), moves between these stages.
    light = ("pydantic", "config_module", "plugins", "load_storage_only")
    total = "".join(
        f"{1000 * statistics.median(sum(r[s] for s in light) for r in runs[name]):14.1f}"
        for name in trees
    )
    print(f"  {'a light command up to its config (1+2+3+4)':45s}{total}")


if __name__ == "__main__":
    main()
