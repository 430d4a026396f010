"""Converting old and foreign formats with LibreOffice before reading: ``kp.read(path, convert=True)``.

A ``.doc``, ``.wps``, ``.rtf``, an HTML or MHTML page saved as ``.doc``, an ``.odt`` or a Word 2003
XML file becomes a DOCX; an ``.xls``, ``.et``, ``.ods`` or Excel 2003 XML file becomes an XLSX.
LibreOffice (``soffice``, found on ``PATH`` or named by the ``KEPU_PLAN_SOFFICE`` environment
variable) runs headless in a temporary folder with its own throwaway user profile
(``-env:UserInstallation=file://…``), so that it neither needs nor disturbs a running LibreOffice
and leaves nothing behind; it is stopped (its whole process group) after ``convert_timeout``
seconds.  Every failure is a :class:`~kepu_plan.errors.ReadError` saying what to do.
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import os
import shutil
import signal
import subprocess
import tempfile
from email.message import EmailMessage
from pathlib import Path
from typing import Final

from kepu_plan._i18n import N_, Text
from kepu_plan._limits import CONVERT_TIMEOUT
from kepu_plan._sniff import Kind
from kepu_plan.errors import Location, ReadError

__all__ = ["convert", "find_soffice"]
_FILTERS: Final = {"docx": "docx:MS Word 2007 XML", "xlsx": "xlsx:Calc MS Excel 2007 XML"}


def find_soffice() -> str | None:
    """The LibreOffice program: ``$KEPU_PLAN_SOFFICE``, else ``soffice`` or ``libreoffice`` on PATH."""
    named = os.environ.get("KEPU_PLAN_SOFFICE")
    if named:
        return shutil.which(named) or (named if Path(named).is_file() else None)
    return shutil.which("soffice") or shutil.which("libreoffice")


def _manual(kind: Kind) -> str:
    target = kind.target or "docx"
    program = Text(N_("WPS or Excel")) if target == "xlsx" else Text(N_("WPS or Word"))
    return Text(
        N_(
            "run `soffice --headless --convert-to {target} FILE` where LibreOffice is installed, "
            "or open it in {program} and save it as .{target}"
        ),
        target=target,
        program=program,
    )


def _html_of_mhtml(data: bytes, where: Location) -> bytes:
    """The HTML part of a single-file web page (MHTML), which LibreOffice does not read itself."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    for part in message.walk():
        if part.get_content_type() == "text/html" and isinstance(part, EmailMessage):
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes) and payload:
                return payload
    raise ReadError(
        Text(N_("the web archive (MHTML) holds no HTML page")),
        where,
        Text(N_("open it in Word or WPS and save it as .docx")),
    )


def convert(data: bytes, kind: Kind, where: Location, *, timeout: float = CONVERT_TIMEOUT, limit: int) -> bytes:
    """The bytes of ``data`` (a file of ``kind``) converted by LibreOffice to ``kind.target``.

    ``limit`` bounds the size of the converted file.  Raises :class:`ReadError` when the kind
    cannot be converted, LibreOffice is missing, fails, or takes longer than ``timeout`` seconds.
    """
    if kind.target is None:
        raise ReadError(Text(N_("{what} cannot be converted to a table"), what=kind.what), where, kind.advice)
    program = find_soffice()
    if program is None:
        raise ReadError(
            Text(
                N_("this is {what}; converting it needs LibreOffice, which is not installed (no soffice on PATH)"),
                what=kind.what,
            ),
            where,
            Text(
                N_("install LibreOffice (e.g. apt install libreoffice-writer libreoffice-calc), or {manual}"),
                manual=_manual(kind),
            ),
        )
    if not (isinstance(timeout, int | float) and not isinstance(timeout, bool) and timeout > 0):
        raise TypeError(f"convert_timeout must be a positive number of seconds, not {timeout!r}")
    if kind.key == "mhtml":
        data = _html_of_mhtml(data, where)
    with tempfile.TemporaryDirectory(prefix="kepu-plan-convert-") as folder:
        base = Path(folder)
        source = base / "in" / f"table{kind.suffix or '.bin'}"
        out = base / "out"
        source.parent.mkdir()
        out.mkdir()
        source.write_bytes(data)
        command = [
            program,
            f"-env:UserInstallation={(base / 'profile').as_uri()}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nolockcheck",
            "--nodefault",
            "--nologo",
            "--convert-to",
            _FILTERS[kind.target],
            "--outdir",
            str(out),
            str(source),
        ]
        try:
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                start_new_session=True,  # its own process group, so that all of it can be stopped
                cwd=folder,
            )
        except OSError as error:
            raise ReadError(
                Text(
                    N_("cannot start LibreOffice ({program}): {error}"),
                    program=program,
                    error=str(error.strerror or error),
                ),
                where,
                _manual(kind),
            ) from None
        try:
            _, errors = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _stop(process)
            raise ReadError(
                Text(
                    N_("LibreOffice took longer than {timeout:g} s to convert {what}"), timeout=timeout, what=kind.what
                ),
                where,
                Text(N_("try again with a larger convert_timeout=, or {manual}"), manual=_manual(kind)),
            ) from None
        except BaseException:
            _stop(process)
            raise
        finally:
            _stop_group(process)
        result = out / f"table.{kind.target}"
        if process.returncode != 0 or not result.is_file():
            said = errors.decode("utf-8", errors="replace").strip().splitlines()
            detail = next((line for line in reversed(said) if "javaldx" not in line), "") if said else ""
            raise ReadError(
                Text(
                    N_("LibreOffice could not convert {what} (exit status {status})"),
                    what=kind.what,
                    status=f"{process.returncode}: {detail}" if detail else process.returncode,
                ),
                where,
                Text(N_("the file may be damaged or password-protected; {manual}"), manual=_manual(kind)),
            )
        if result.stat().st_size > limit:
            raise ReadError(
                Text(N_("the converted file is larger than {most:,} bytes"), most=limit),
                where,
                Text(N_("read it with a larger limit, limits=kp.Limits(max_bytes=…)")),
            )
        return result.read_bytes()


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Kill the converter's process group and reap it."""
    _stop_group(process)
    with contextlib.suppress(OSError, subprocess.TimeoutExpired):
        process.kill()
        process.communicate(timeout=10)


def _stop_group(process: subprocess.Popen[bytes]) -> None:
    """Kill whatever the converter left running in its own process group (soffice.bin children)."""
    killpg = getattr(os, "killpg", None)  # not on Windows
    if killpg is not None:
        with contextlib.suppress(OSError):
            killpg(process.pid, getattr(signal, "SIGKILL", signal.SIGTERM))
