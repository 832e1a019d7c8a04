"""What the databases can hold, checked where input arrives (forms and API
bodies) rather than discovered as a driver error."""
from __future__ import annotations

# Integer columns are 32-bit in both databases; a larger number is refused as
# input rather than overflowing the driver.
INT_MIN, INT_MAX = -(2**31), 2**31 - 1


def storable(text: str) -> bool:
    """Whether the databases can keep this text: PostgreSQL refuses NUL, and
    neither driver can encode a lone surrogate (JSON may carry both)."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
