"""Low / typical / high: how every input and figure of an estimate is carried."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Span:
    """A figure as a range: low ≤ typical ≤ high."""

    low: Decimal
    typical: Decimal
    high: Decimal

    def __post_init__(self) -> None:
        if not self.low <= self.typical <= self.high:
            raise ValueError(f"a range must be ordered: {self.low}, {self.typical}, {self.high}")

    @classmethod
    def exactly(cls, value: Decimal | int) -> Span:
        value = Decimal(value)
        return cls(value, value, value)

    def map(self, function: Callable[[Decimal], Decimal]) -> Span:
        """Apply a non-decreasing function to each end."""
        return Span(function(self.low), function(self.typical), function(self.high))

    def __add__(self, other: Span) -> Span:
        return Span(self.low + other.low, self.typical + other.typical, self.high + other.high)

    def __mul__(self, factor: Decimal | int) -> Span:
        """Times a factor of 0 or more."""
        factor = Decimal(factor)
        return Span(self.low * factor, self.typical * factor, self.high * factor)

    __rmul__ = __mul__


ZERO_SPAN = Span.exactly(0)
