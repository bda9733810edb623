"""Work states: a USPS code for a US site, an ISO 3166-1 alpha-2 code for a site abroad.

The state decides which state laws govern an agreement (core.compliance). A code that is both a
US state and a country (CA, DE, IN, …) means the US state, because certdesk's users are US
employers whose sites abroad are the exception. Full US state names ("California", "new york")
become their code; anything else is rejected naming the field.
"""

from __future__ import annotations

import re
import unicodedata

from certdesk.core.errors import InvalidInput

# USPS codes of the states, the District of Columbia and the inhabited territories.
US_STATES: dict[str, str] = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma",
    "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina",
    "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont",
    "VA": "Virginia", "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin",
    "WY": "Wyoming", "PR": "Puerto Rico", "GU": "Guam", "VI": "U.S. Virgin Islands",
    "AS": "American Samoa", "MP": "Northern Mariana Islands",
}  # fmt: skip

# ISO 3166-1 alpha-2 (249 codes, from Debian's iso-codes 4.15).
COUNTRIES: frozenset[str] = frozenset(
    """AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR
    BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ
    EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW
    GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY
    KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV
    MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY
    QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG
    TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM
    ZW""".split()
)


def _name_key(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z]+", " ", folded).strip()


_BY_NAME = {_name_key(name): code for code, name in US_STATES.items()}
_BY_NAME.update({"washington dc": "DC", "d c": "DC", "virgin islands": "VI"})


def normalize_work_state(value: object, field: str = "work_state") -> str:
    """The stored code for a typed work state: "ny" → "NY", "New York" → "NY", "pl" → "PL".

    Empty text stays "" (no state known: compliance says no state rules were checked).
    Raises InvalidInput(field) for anything that is neither a USPS code, a US state's name nor
    an ISO 3166 country code.
    """
    text = "" if value is None else str(value).strip()
    if not text:
        return ""
    code = text.upper()
    if code in US_STATES or (len(code) == 2 and code in COUNTRIES):
        return code
    by_name = _BY_NAME.get(_name_key(text))
    if by_name:
        return by_name
    shown = text if len(text) <= 40 else text[:40] + "…"
    raise InvalidInput(
        field,
        f"{shown!r} is not a US state or a country: use the two-letter USPS code for a US site "
        "(e.g. NY, or the name New York) or the ISO country code for a site abroad (e.g. PL)",
    )


def is_us_state(code: str) -> bool:
    """True for a USPS code (a code that is also a country means the US state)."""
    return code in US_STATES


def describe_state(code: str) -> str:
    """ "California (CA)", "PL (outside the US)", or "no work state"."""
    if not code:
        return "no work state"
    if code in US_STATES:
        return f"{US_STATES[code]} ({code})"
    return f"{code} (outside the US)"
