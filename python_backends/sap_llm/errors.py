"""The one exception stages raise for a document they cannot process.

A ``StageError`` becomes that document's ``rejected`` result (code + message +
stage); it never stops a batch or a server.
"""

from __future__ import annotations


class StageError(Exception):
    def __init__(self, code: str, message: str, stage: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.stage = stage
