"""Writing a file all or nothing: a write that fails half-way (a full disk)
leaves no partial file behind."""

from __future__ import annotations

from pathlib import Path


def save_whole(storage, name: str, content) -> str:
    """``storage.save`` under a free name; on failure the partial file goes
    and the error is raised again. Returns the name saved."""
    name = storage.get_available_name(name)
    try:
        return storage.save(name, content)
    except BaseException:
        if storage.exists(name):
            storage.delete(name)
        raise


def write_whole(path: Path, data: bytes) -> None:
    """Write a new file (refusing an existing one); nothing stays if the
    write fails."""
    try:
        with open(path, "xb") as handle:
            handle.write(data)
    except FileExistsError:
        raise
    except BaseException:
        path.unlink(missing_ok=True)
        raise
