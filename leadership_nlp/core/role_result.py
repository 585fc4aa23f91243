"""What a text says about the size of the role: :class:`RoleProfile`, :class:`Budget`, :class:`Mention`.

:mod:`leadership_nlp.core.role_profile` fills them in.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Budget:
    """A budget stated in the text ("a £5M budget")."""

    amount: float
    currency: str | None
    text: str


@dataclass(frozen=True, slots=True)
class Mention:
    """A matched role-profile phrase ("manage upwards of 100 people")."""

    kind: str
    text: str
    start: int
    end: int
    value: float | None = None


@dataclass(frozen=True, slots=True)
class RoleProfile:
    """What the text says about the size of the role.

    Attributes
    ----------
    span_of_control : int or None
        Largest number of people the writer leads or manages, if stated.
    role_verbs : list of str
        Lemmas of the verbs that describe the role ("manage", "lead", ...),
        in order of first appearance.
    direct_reports : int or None
        Number of direct reports, where stated.
    budget : Budget or None
        The largest budget stated.
    sites : int or None
        Number of sites, locations or branches, where stated.
    mentions : list of Mention
        Every matched phrase, so each figure can be checked.
    """

    span_of_control: int | None = None
    role_verbs: list[str] = field(default_factory=list)
    direct_reports: int | None = None
    budget: Budget | None = None
    sites: int | None = None
    mentions: list[Mention] = field(default_factory=list)
