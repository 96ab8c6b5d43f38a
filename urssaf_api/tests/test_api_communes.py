"""The compact commune format and the name search key (no Odoo)."""

import gzip
import io

import pytest

from urssaf_api import communes

ETALAB = [
    {
        "code": "2A004",
        "nom": "Ajaccio",
        "departement": "2A",
        "type": "commune-actuelle",
        "codesPostaux": ["20000", "20090"],
        "anciensCodes": ["20004"],
    },
    {
        "code": "75114",
        "nom": "Paris 14e Arrondissement",
        "departement": "75",
        "type": "arrondissement-municipal",
        "commune": "75056",
        "codesPostaux": ["75014"],
    },
    {
        "code": "01340",
        "nom": "Saint-Bois",
        "departement": "01",
        "type": "commune-deleguee",
        "chefLieu": "01015",
    },
    {
        "code": "01120",
        "nom": "Cordieux",
        "departement": "01",
        "type": "commune-associee",
        "chefLieu": "01262",
    },
]


def compact(entries, source="test"):
    text = io.StringIO()
    communes.write_compact(entries, text, source=source)
    return text.getvalue().encode()


def test_etalab_entries_round_trip_through_the_compact_file():
    entries = communes.from_etalab(ETALAB)
    assert [c.kind for c in entries] == ["commune", "arrondissement", "delegated", "associated"]
    assert entries[1].parent == "75056"
    assert entries[2].parent == "01015"
    assert entries[0].former_codes == ("20004",)
    content = compact(entries, "@etalab/decoupage-administratif 6.0.0")
    for data in (content, gzip.compress(content)):
        source, back = communes.read_compact(data)
        assert source == "@etalab/decoupage-administratif 6.0.0"
        assert back == entries


def test_a_name_with_a_comma_or_quote_survives():
    entry = communes.Commune("12345", "commune", 'Le "Bourg", haut', "12", None, ("12000",))
    assert communes.read_compact(compact([entry]))[1] == [entry]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "header"),
        (b"code,kind\n", "header"),
        (b"# x\ncode,kind,name,department,parent,postal_codes,former_codes\n", "no commune"),
        (
            b"code,kind,name,department,parent,postal_codes,former_codes\n7511,commune,P,75,,,\n",
            "line 2",
        ),
        (
            b"code,kind,name,department,parent,postal_codes,former_codes\n"
            b"75114,quartier,P,75,,,\n",
            "unknown kind",
        ),
        (
            b"code,kind,name,department,parent,postal_codes,former_codes\n"
            b"75114,commune,P,75,,7501,\n",
            "invalid code",
        ),
        (
            b"code,kind,name,department,parent,postal_codes,former_codes\n"
            b"75114,commune,P,75,,,\n75114,commune,P,75,,,\n",
            "twice",
        ),
        (b"\x1f\x8bnot gzip", "gzip"),
        (b"\xff\xfe\x00", "UTF-8"),
    ],
)
def test_bad_files_are_refused_with_the_reason(content, message):
    with pytest.raises(communes.CommuneFileError, match=message):
        communes.read_compact(content)


def test_unknown_etalab_type_is_refused():
    with pytest.raises(communes.CommuneFileError, match="unknown type"):
        communes.from_etalab([{**ETALAB[0], "type": "commune-fusionnee"}])


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Saint-Étienne", "saint etienne"),
        ("ST ETIENNE", "saint etienne"),
        ("st-étienne", "saint etienne"),
        ("Ste-Marie", "sainte marie"),
        ("L'Haÿ-les-Roses", "l hay les roses"),
        ("Cœuvres-et-Valsery", "coeuvres et valsery"),
        ("  Paris 14e  Arrondissement ", "paris 14e arrondissement"),
        ("Stains", "stains"),
        (None, ""),
    ],
)
def test_search_key(text, key):
    assert communes.search_key(text) == key


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("Château-Chinon (Ville)", "Château-Chinon Ville"),
        ("Castillon (Canton d'Arthez-de-Béarn)", "Castillon Canton d'Arthez-de-Béarn"),
        ("Paris 14e Arrondissement", "Paris 14e Arrondissement"),
    ],
)
def test_payload_label_drops_the_brackets_urssaf_refuses(name, label):
    assert communes.payload_label(name) == label
