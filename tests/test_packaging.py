"""A plain (non-editable) install finds its bundled profiles and schema and does the job.

No network: the wheel is built without build isolation, and the fresh environment borrows
the dependencies of the test environment through a .pth file (which does not run the
editable install's own .pth hooks, so `transform` can only come from the wheel). The
subprocesses run without PYTHONPATH: one pointing at a checkout (a git worktree, say) would
put that checkout's `transform` before the wheel's.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

from tests.conftest import FIXTURES, ROOT
from transform import __version__

SAMPLE = FIXTURES / "powerschool" / "district"
# the environment of every subprocess: ours without PYTHONPATH, so that only the wheel can
# provide `transform` to the fresh environment
CLEAN_ENV = {name: value for name, value in os.environ.items() if name != "PYTHONPATH"}


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, cwd=cwd, check=False, timeout=300, env=CLEAN_ENV
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def test_wheel_installs_and_runs_the_sample(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--quiet",
        "--no-deps",
        "--no-build-isolation",
        "--wheel-dir",
        wheels,
        ROOT,
        cwd=tmp_path,
    )
    wheel = next(wheels.glob("rosterkit_transform-*.whl"))

    env_dir = tmp_path / "env"
    venv.create(env_dir, with_pip=False)
    env_python = env_dir / "bin" / "python"
    env_site = Path(
        run(env_python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=tmp_path).stdout.strip()
    )
    (env_site / "borrowed-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    run(
        sys.executable,
        "-m",
        "pip",
        "--python",
        env_python,
        "install",
        "--quiet",
        "--no-deps",
        "--no-index",
        wheel,
        cwd=tmp_path,
    )

    where = run(
        env_python,
        "-c",
        "import transform, transform.bundled_profiles as b; print(transform.__file__); print(b.__path__[0])",
        cwd=tmp_path,
    ).stdout.split()
    assert all(str(env_dir) in path for path in where), where

    out = tmp_path / "out"
    script = env_dir / "bin" / "transform"
    run(script, "--profile", "powerschool", SAMPLE / "in", out, "--as-of", "2026-10-15", cwd=tmp_path)
    for expected in (SAMPLE / "expected").glob("*.csv"):
        assert (out / expected.name).read_bytes() == expected.read_bytes(), expected.name
    # docs/scheduling.md tells an admin to check an install with this
    assert run(script, "--version", cwd=tmp_path).stdout.strip() == f"transform {__version__} (rosterkit-transform)"
    listed = run(script, "profiles", cwd=tmp_path).stdout
    assert any(line.startswith("powerschool ") for line in listed.splitlines())


# What of typer the CLI uses, by the first typer release that has it (reviewer182 R3: the floor said 0.27.2,
# whose TyperOption has no display_type_rich: `import transform.cli` failed there with an AttributeError).
TYPER_NEEDS = {"typer.TyperException": (0, 27, 2), "typer.core.TyperOption.display_type_rich": (0, 29, 0)}


def test_the_typer_floor_has_what_the_cli_uses() -> None:
    import re
    import tomllib

    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    (floor,) = (m.group(1) for d in dependencies if (m := re.fullmatch(r"typer>=([\d.]+)", d.split(";")[0].strip())))
    assert tuple(int(n) for n in floor.split(".")) >= max(TYPER_NEEDS.values())
    cli = (ROOT / "transform" / "cli.py").read_text(encoding="utf-8")
    assert "display_type_rich" in cli, "no longer used: lower TYPER_NEEDS"
