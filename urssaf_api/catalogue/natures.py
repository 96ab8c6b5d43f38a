"""Nature codes (``codeNature``) with their labels and the contract's default VAT rate."""

from decimal import Decimal

from ..texts import Text, _lt
from .entries import Nature

# --------------------------------------------------------------------------------------------
# Nature codes (``codeNature``) with the contract's default VAT rate
# --------------------------------------------------------------------------------------------

_R55, _R10, _R20 = Decimal("5.5"), Decimal("10"), Decimal("20")

NATURE_CODES: dict[str, Nature] = {
    "10": Nature(Text(_lt("Care of a disabled child")), _R55, True),
    "20": Nature(
        Text(_lt("Accompanying a disabled child on trips")),
        _R55,
        True,
    ),
    "30": Nature(Text(_lt("Human assistance")), _R55, True),
    "40": Nature(Text(_lt("Driving the person's own vehicle")), _R55, True),
    "50": Nature(Text(_lt("Accompaniment on outings")), _R55, True),
    "60": Nature(Text(_lt("Cleaning and ironing")), _R10, True),
    "70": Nature(Text(_lt("Small gardening jobs")), _R20, True),
    "80": Nature(Text(_lt("Small DIY jobs")), _R10, True),
    "90": Nature(Text(_lt("Care of a child over 6")), _R10, True),
    "100": Nature(Text(_lt("Tutoring and lessons at home")), _R10, True),
    "110": Nature(
        Text(_lt("Beauty care and hairdressing at home")),
        _R10,
        True,
    ),
    "120": Nature(Text(_lt("Meal preparation at home")), _R10, True),
    "130": Nature(Text(_lt("Meal delivery at home")), _R10, True),
    "140": Nature(
        Text(_lt("Collection and delivery of ironed laundry")),
        _R10,
        True,
    ),
    "150": Nature(Text(_lt("Shopping delivery at home")), _R10, True),
    "160": Nature(Text(_lt("IT assistance at home")), _R20, True),
    "170": Nature(Text(_lt("Pet care and walks")), _R10, True),
    "180": Nature(
        Text(_lt("Temporary upkeep and watch of the home (house-sitting)")),
        _R20,
        True,
    ),
    "190": Nature(Text(_lt("Administrative assistance at home")), _R10, True),
    "200": Nature(
        Text(_lt("Accompanying a child over 6 on trips")),
        _R10,
        True,
    ),
    "210": Nature(Text(_lt("Remote assistance")), _R20, True),
    "220": Nature(
        Text(_lt("Sign-language interpreting and cued-speech coding")),
        _R55,
        True,
    ),
    "230": Nature(
        Text(_lt("Driving the person's own vehicle (temporary incapacity)")),
        _R10,
        True,
    ),
    "240": Nature(
        Text(_lt("Accompaniment on outings (temporary incapacity)")),
        _R10,
        True,
    ),
    "250": Nature(
        Text(_lt("Human assistance (temporary incapacity)")),
        _R10,
        True,
    ),
    "260": Nature(
        Text(_lt("Coordination and delivery of services (platform)")),
        _R20,
        True,
    ),
    "270": Nature(Text(_lt("Other service (not eligible)")), _R20, False),
}

#: The natures the immediate advance pays for, and the others (270): for the queries of the
#: yearly duties (certificates, NOVA figures, the guarantee's turnover).
ELIGIBLE_NATURE_CODES = tuple(code for code, nature in NATURE_CODES.items() if nature.eligible)
NOT_ELIGIBLE_NATURE_CODES = tuple(
    code for code, nature in NATURE_CODES.items() if not nature.eligible
)
