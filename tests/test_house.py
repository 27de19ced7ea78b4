"""The house (../shared/CONVENTIONS.md): imports run downwards only, config → portal → capabilities → articles/forum
→ accounts → core."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHECKER = ROOT.parent / "shared" / "tools" / "check_layers.py"


@pytest.mark.skipif(not CHECKER.exists(), reason="../shared/tools/check_layers.py is not beside the project")
def test_no_import_runs_up_the_house():
    result = subprocess.run(
        [sys.executable, str(CHECKER), "--strict"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_core_imports_none_of_the_apps():
    """Also without the shared checker: the ground floor names no app of ours in an import."""
    apps = ("accounts", "articles", "forum", "portal", "search", "notifications")
    offenders = []
    for path in (ROOT / "core").rglob("*.py"):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            words = line.split()
            if len(words) >= 2 and words[0] in {"from", "import"} and words[1].split(".")[0] in apps:
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []
