"""The NAF rév. 2 codes (entreprises/data/codes-naf.json, its source in the README beside it)."""

import functools
import json
from pathlib import Path

CODES_FILE = Path(__file__).resolve().parent / "data" / "codes-naf.json"


@functools.cache
def naf_labels() -> dict[str, str]:
    return json.loads(CODES_FILE.read_text(encoding="utf-8"))


def naf_codes_for(prefixes) -> list[str]:
    """Every full code that one of `prefixes` begins (« 43.2 » → 43.21A, 43.21B, 43.22A…)."""
    prefixes = [p.strip().upper() for p in prefixes if p and p.strip()]
    return [code for code in naf_labels() if any(code.startswith(p) for p in prefixes)]
