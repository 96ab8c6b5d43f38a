"""Nature codes (``codeNature``) with their labels and the contract's default VAT rate."""

from decimal import Decimal

from .entries import Nature

# --------------------------------------------------------------------------------------------
# Nature codes (``codeNature``) with the contract's default VAT rate
# --------------------------------------------------------------------------------------------

_R55, _R10, _R20 = Decimal("5.5"), Decimal("10"), Decimal("20")

NATURE_CODES: dict[str, Nature] = {
    "10": Nature("Garde d'enfant handicapé", "Care of a disabled child", _R55, True),
    "20": Nature(
        "Accompagnement d'enfant handicapé dans ses déplacements",
        "Accompanying a disabled child on trips",
        _R55,
        True,
    ),
    "30": Nature("Aide humaine", "Human assistance", _R55, True),
    "40": Nature("Conduite du véhicule personnel", "Driving the person's own vehicle", _R55, True),
    "50": Nature("Accompagnement pour les sorties", "Accompaniment on outings", _R55, True),
    "60": Nature("Ménage et repassage", "Cleaning and ironing", _R10, True),
    "70": Nature("Petits travaux de jardinage", "Small gardening jobs", _R20, True),
    "80": Nature("Petits travaux de bricolage", "Small DIY jobs", _R10, True),
    "90": Nature("Garde d'enfant de plus de 6 ans", "Care of a child over 6", _R10, True),
    "100": Nature(
        "Soutien scolaire et cours à domicile", "Tutoring and lessons at home", _R10, True
    ),
    "110": Nature(
        "Soins d'esthétique et coiffure à domicile",
        "Beauty care and hairdressing at home",
        _R10,
        True,
    ),
    "120": Nature("Préparation de repas à domicile", "Meal preparation at home", _R10, True),
    "130": Nature("Livraison de repas à domicile", "Meal delivery at home", _R10, True),
    "140": Nature(
        "Collecte et livraison de linge repassé",
        "Collection and delivery of ironed laundry",
        _R10,
        True,
    ),
    "150": Nature("Livraison de courses à domicile", "Shopping delivery at home", _R10, True),
    "160": Nature("Assistance informatique à domicile", "IT assistance at home", _R20, True),
    "170": Nature("Soins et promenades d'animaux de compagnie", "Pet care and walks", _R10, True),
    "180": Nature(
        "Maintenance et vigilance de la résidence (gardiennage)",
        "Temporary upkeep and watch of the home (house-sitting)",
        _R20,
        True,
    ),
    "190": Nature(
        "Assistance administrative à domicile", "Administrative assistance at home", _R10, True
    ),
    "200": Nature(
        "Accompagnement d'enfant de plus de 6 ans dans ses déplacements",
        "Accompanying a child over 6 on trips",
        _R10,
        True,
    ),
    "210": Nature("Téléassistance et visioassistance", "Remote assistance", _R20, True),
    "220": Nature(
        "Interprète en langue des signes, codeur en langage parlé complété",
        "Sign-language interpreting and cued-speech coding",
        _R55,
        True,
    ),
    "230": Nature(
        "Conduite du véhicule personnel (incapacité temporaire)",
        "Driving the person's own vehicle (temporary incapacity)",
        _R10,
        True,
    ),
    "240": Nature(
        "Accompagnement pour les sorties (incapacité temporaire)",
        "Accompaniment on outings (temporary incapacity)",
        _R10,
        True,
    ),
    "250": Nature(
        "Aide humaine (incapacité temporaire)",
        "Human assistance (temporary incapacity)",
        _R10,
        True,
    ),
    "260": Nature(
        "Coordination et délivrance des services (plateforme)",
        "Coordination and delivery of services (platform)",
        _R20,
        True,
    ),
    "270": Nature("Autre prestation (non éligible)", "Other service (not eligible)", _R20, False),
}
