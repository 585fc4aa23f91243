"""The mistake in how a command was called, shared by the batch, output and report adapters."""

from __future__ import annotations


class UsageError(Exception):
    """A mistake in how the command was called; the CLI prints it and exits with status 2."""
