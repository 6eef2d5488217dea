"""How a catalog item's brand is printed with its specification.

- A brand is never printed alone: E-rate competitive bidding (FCC decisions) and 2 CFR
  200.319 forbid requiring one manufacturer, so a named brand always reads
  "<brand> or equivalent" — in the packet, on screens and in exports alike.
- The brand follows the specification as its own sentence ("… Wi-Fi 6. Brand: Google
  Chromebook or equivalent."), so a vendor reads the requirement first and the brand as
  an example of it.
"""

from __future__ import annotations

OR_EQUIVALENT = "or equivalent"


def brand_wording(brand: str) -> str:
    """'Lenovo' → 'Lenovo or equivalent'; '' when no brand is named. A brand already typed
    with "or equivalent" is not given it twice."""
    name = " ".join(brand.split())
    if not name:
        return ""
    if name.lower().endswith(OR_EQUIVALENT):
        name = name[: -len(OR_EQUIVALENT)].rstrip(" ,")
    return f"{name} {OR_EQUIVALENT}" if name else ""


def printed_spec(spec: str, brand: str) -> str:
    """The specification as printed: the text, then "Brand: <brand> or equivalent."."""
    text = spec.strip()
    wording = brand_wording(brand)
    if not wording:
        return text
    if text and not text.endswith((".", ";", ":", "!", "?")):
        text += "."
    return f"{text} Brand: {wording}.".strip()
