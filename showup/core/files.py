"""The data folder is private: its folders 0700, its files 0600, whoever made them.

Settings set a umask of 077, so what Showup writes from now on is private;
`data_folder_make_private` fixes what an older version, a copy or a restore
left open, and `data_folder_exposed` is what `showup check` warns about.
"""

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

logger = logging.getLogger(__name__)
OPEN_TO_OTHERS = stat.S_IRWXG | stat.S_IRWXO


def _entries(folder: Path) -> Iterator[Path]:
    """The folder and everything in it, without following links out of it."""
    yield folder
    for parent, folders, files in os.walk(folder):
        for name in [*folders, *files]:
            yield Path(parent) / name


def _open_mode(path: Path) -> int | None:
    """The mode of a file or folder others may use, or None (private, a link, or gone)."""
    try:
        mode = path.lstat().st_mode
    except OSError:
        return None
    if stat.S_ISLNK(mode) or not mode & OPEN_TO_OTHERS:
        return None
    return mode


def data_folder_exposed(folder: Path) -> list[Path]:
    """Files and folders in `folder` that its group or others may read, write or enter."""
    if not folder.exists():
        return []
    return [path for path in _entries(folder) if _open_mode(path) is not None]


def data_folder_make_private(folder: Path) -> int:
    """Takes group and others' rights off everything in `folder`; logs and returns how many changed."""
    if not folder.exists():
        return 0
    fixed = 0
    for path in _entries(folder):
        mode = _open_mode(path)
        if mode is None:
            continue
        try:
            path.chmod(stat.S_IMODE(mode) & ~OPEN_TO_OTHERS)
        except OSError:  # another user's file: `showup check` names it
            continue
        fixed += 1
    if fixed:
        logger.warning(
            "Made %d files and folders in the data folder %s private (they were open to "
            "group or others): they hold 1:1s and keys.",
            fixed,
            folder,
        )
    return fixed
