"""The project's files agree with each other: requirements, README quick start, CI, licences."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _requirement_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def test_requirements_txt_matches_pyproject_dependencies() -> None:
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    declared = sorted(pyproject["project"]["dependencies"])
    listed = sorted(_requirement_lines((REPO / "requirements.txt").read_text(encoding="utf-8")))
    assert listed == declared


def test_readme_test_command_is_what_ci_runs() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    commands = re.findall(r"```(?:bash|sh)\n(.*?)\n```", readme, flags=re.DOTALL)
    test_command = next(c for c in commands if "pytest" in c)
    assert test_command.strip() in ci


def test_readme_quick_start_opens_the_dashboard() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"```(?:bash|sh)\n(.*?)\n```", readme, flags=re.DOTALL)
    assert any("requirements.txt" in c and "streamlit run dashboard.py" in c for c in commands)


def test_every_data_file_is_in_the_data_licences_file() -> None:
    licences = (REPO / "DATA_LICENSES.md").read_text(encoding="utf-8")
    data_files = [
        p
        for p in (REPO / "analysis" / "data").rglob("*")
        if p.is_file() and p.suffix in {".csv", ".json", ".txt", ".zip", ""} and p.name != "LICENSE"
    ]
    assert data_files
    for path in data_files:
        rel = path.relative_to(REPO).as_posix()
        folder = path.parent.relative_to(REPO).as_posix()
        named = f"`{rel}`" in licences or f"`{folder}/`" in licences
        assert named, f"{rel} (or its folder) is not named in DATA_LICENSES.md"


def test_analysis_never_imports_streamlit_or_plotly() -> None:
    for path in (REPO / "analysis").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert name.split(".")[0] not in {"streamlit", "plotly"}, f"{path} imports {name}"


def test_nothing_reads_the_shared_folder() -> None:
    for folder in ("analysis", "ui"):
        for path in (REPO / folder).rglob("*.py"):
            assert "shared/" not in path.read_text(encoding="utf-8"), path
    assert "shared/" not in (REPO / "dashboard.py").read_text(encoding="utf-8")
