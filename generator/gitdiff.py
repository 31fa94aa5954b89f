"""Which files a change touches, asked of git: the scope of `check --changed`."""

from __future__ import annotations

import subprocess
from pathlib import Path

from generator.errors import GeneratorError

DEFAULT_BASES = ("origin/main", "main")
"""Tried in order when no base is given: CI has origin/main, a fresh clone may have only main."""


def changed_files(base: str | None = None, cwd: Path | None = None) -> list[Path]:
    """Absolute paths of files changed since the merge-base with `base`, plus untracked ones.

    Compares the working tree (not only commits), so uncommitted edits count too; deleted
    files are left out since there is nothing to check in them.
    """
    top = Path(_git(["rev-parse", "--show-toplevel"], cwd).strip())
    merge_base = _git(["merge-base", "HEAD", _resolve_base(base, cwd)], cwd).strip()
    names = _git(["diff", "--name-only", "--diff-filter=d", "-z", merge_base], cwd).split("\0")
    names += _git(["ls-files", "--others", "--exclude-standard", "-z"], top).split("\0")
    return sorted({top / name for name in names if name})


def deleted_files(base: str | None = None, cwd: Path | None = None) -> list[Path]:
    """Absolute paths of files deleted since the merge-base with `base` (tracked there, gone
    from the working tree): what `check --changed` compares to find addresses that went."""
    top = Path(_git(["rev-parse", "--show-toplevel"], cwd).strip())
    merge_base = _git(["merge-base", "HEAD", _resolve_base(base, cwd)], cwd).strip()
    names = _git(["diff", "--name-only", "--diff-filter=D", "-z", merge_base], cwd).split("\0")
    return sorted({top / name for name in names if name})


def file_at(base: str, path: Path, cwd: Path | None = None) -> bytes | None:
    """The bytes of a file as it is on `base`; None where it is not there."""
    top = Path(_git(["rev-parse", "--show-toplevel"], cwd).strip())
    try:
        relative = path.resolve().relative_to(top.resolve())
    except ValueError:
        return None
    ref = _resolve_base(base, cwd)
    result = subprocess.run(
        ["git", "show", f"{ref}:{relative.as_posix()}"], cwd=top, capture_output=True
    )
    return result.stdout if result.returncode == 0 else None


def resolve_base(base: str | None = None, cwd: Path | None = None) -> str:
    """The branch or commit to compare with: `base`, or the first of DEFAULT_BASES there is."""
    return _resolve_base(base, cwd)


def _resolve_base(base: str | None, cwd: Path | None) -> str:
    for candidate in [base] if base else DEFAULT_BASES:
        if _succeeds(["rev-parse", "--verify", "--quiet", f"{candidate}^{{commit}}"], cwd):
            return candidate
    tried = base or " or ".join(DEFAULT_BASES)
    raise GeneratorError(
        f"cannot compare with {tried}: no such branch or commit; fetch it "
        "(git fetch origin main) or pass --base REF"
    )


def _git(args: list[str], cwd: Path | None) -> str:
    try:
        result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    except FileNotFoundError as exc:
        raise GeneratorError("--changed needs git, which is not installed") from exc
    except subprocess.CalledProcessError as exc:
        detail = exc.stderr.strip().splitlines()[-1] if exc.stderr.strip() else "failed"
        raise GeneratorError(f"git {args[0]}: {detail}") from exc
    return result.stdout


def _succeeds(args: list[str], cwd: Path | None) -> bool:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True).returncode == 0
