"""What a reader had to interpret: each recovery it made, with its position.

Readers append :class:`Diagnostic` objects to a list the caller passes as ``diagnostics=``::

    found: list[kp.Diagnostic] = []
    plan = kp.read("分工表.docx", diagnostics=found)
    for item in found:
        print(item)          # 分工表.docx：表1第14行第1列：行动“…”再次写出（页首重复）：已合并

``INFO`` is an interpretation a reader makes routinely (a page-top repeat joined, numbering
stripped); ``WARNING`` is one worth a person's look (a unit listed twice in a cell, an action
repeated with other leads).
"""

from __future__ import annotations

import enum

import attrs

from kepu_plan._i18n import N_, Text, render
from kepu_plan.errors import Location

__all__ = ["Diagnostic", "Severity"]


class Severity(enum.Enum):
    """How much a diagnostic deserves a person's look."""

    INFO = "info"
    WARNING = "warning"


@attrs.frozen(kw_only=True)
class Diagnostic:
    """One interpretation a reader made: a short ``code``, a sentence, where, and how serious.

    ``code`` is for programs and never changes with the language; ``message`` is the English
    sentence (a :class:`~kepu_plan._i18n.Text` from the readers), which ``str()`` shows in the
    reader's language with the position.
    """

    code: str
    message: str
    location: Location = attrs.field(factory=Location)
    severity: Severity = Severity.INFO

    def __str__(self) -> str:
        """Where and what, in the reader's language (``message`` itself is the English words)."""
        where = self.location.text()
        return render(Text(N_("{where}: {reason}"), where=where, reason=self.message) if where else self.message)

    def to_dict(self) -> dict[str, object]:
        """The diagnostic as JSON-able data; its message in the reader's language (match on ``code``)."""
        location = {key: value for key, value in attrs.asdict(self.location).items() if value is not None}
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": render(self.message),
            "location": location,
        }
