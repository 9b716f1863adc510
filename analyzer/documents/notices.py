"""Notices as data: BOAMP XML (schema v230), eForms XML (TED, BOAMP since 2023) and BOAMP API
JSON records (whose `donnees` field holds the notice in the legacy, simplified or eForms shape).

Each notice becomes readable text, "label : value" lines under the notice section codes the
detectors know ("II.2.5) Critères d'attribution", "III.1.5) ..."), and the structured flags are
kept in `metadata["notice"]`: eForms BT-06 strategic procurement, BT-71 reserved procurement,
BT-736 reserved execution, award criteria with weights, BOAMP's declared social/environmental
criteria. XML is parsed with defusedxml only.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from analyzer.documents.clean import clean_page_text
from analyzer.documents.model import Document, DocumentReadError
from analyzer.documents.report import IngestionReport
from analyzer.documents.text import decode_text
from analyzer.documents.xmlsafe import parse_xml


@dataclass(slots=True)  # a notice is a hundred nodes or more, built and walked once each: slots make both cheaper
class Node:
    """One element of a notice, from XML or from its JSON rendering (xmltodict style: "@attr", "#text")."""

    tag: str  # local name, without namespace or prefix
    attrs: dict[str, str] = field(default_factory=dict)
    text: str = ""
    children: list[Node] = field(default_factory=list)

    def find(self, *path: str) -> Node | None:
        found = self.find_all(*path)
        return found[0] if found else None

    def find_all(self, *path: str) -> list[Node]:
        nodes = [self]
        for tag in path:
            nodes = [c for n in nodes for c in n.children if c.tag == tag]
        return nodes

    def iter(self, tag: str) -> list[Node]:
        out = []
        stack = [self]
        while stack:
            n = stack.pop()
            if n.tag == tag:
                out.append(n)
            stack.extend(reversed(n.children))
        return out

    def iter_tags(self, tags: tuple[str, ...]) -> dict[str, list[Node]]:
        """`{tag: self.iter(tag)}` for several tags, in one walk of the tree (same order as `iter`)."""
        out: dict[str, list[Node]] = {t: [] for t in tags}
        stack = [self]
        while stack:
            n = stack.pop()
            if n.tag in out:
                out[n.tag].append(n)
            if n.children:
                stack.extend(reversed(n.children))
        return out

    def value(self) -> str:
        return _one_line(self.text)


def _one_line(text: str) -> str:
    """`" ".join(text.split())`: the words of `text` one space apart. Most texts of a notice are so already, and
    saying so costs half as much as splitting and joining them: a printable text holds no whitespace but the plain
    space (every other whitespace character is a control or a separator), so without two spaces in a row or a
    space at either end it is its own join."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


@lru_cache(maxsize=4096)  # a few hundred distinct tags, met thousands of times
def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def node_from_xml(el) -> Node:  # noqa: ANN001 - an ElementTree element
    return Node(
        tag=_local(el.tag) if isinstance(el.tag, str) else "",
        attrs={_local(k): v for k, v in el.attrib.items()},
        text=el.text or "",
        children=[node_from_xml(c) for c in el if isinstance(c.tag, str)],
    )


def node_from_json(tag: str, value: object) -> list[Node]:
    """Nodes for one JSON key (a list value is repeated elements)."""
    nodes: list[Node] = []
    _add_json_nodes(_local(tag), value, nodes)
    return nodes


def _add_json_nodes(tag: str, value: object, out: list[Node]) -> None:
    """Append to `out` the nodes of one JSON key whose local name is `tag`. Each node is made whole
    (its attributes, text and children gathered first), with no list per key to flatten."""
    if isinstance(value, list):
        for v in value:
            _add_json_nodes(tag, v, out)
        return
    attrs: dict[str, str] = {}
    text = ""
    children: list[Node] = []
    if isinstance(value, dict):
        for k, v in value.items():
            if k.startswith("@"):
                attrs[_local(k[1:])] = "" if v is None else str(v)
            elif k == "#text":
                text = "" if v is None else str(v)
            elif isinstance(v, str):  # most keys: a leaf, made here rather than by one more call
                children.append(Node(_local(k), {}, v, []))
            else:
                _add_json_nodes(_local(k), v, children)
    elif value is not None:
        text = str(value)
    out.append(Node(tag, attrs, text, children))


# --- Reading files ----------------------------------------------------------------------------


def read_xml_notice(path: Path, name: str) -> Document:
    root = node_from_xml(parse_xml(path.read_bytes(), "XML notice"))
    text, meta = notice_text(root)
    return _document(name, [text], meta=[meta])


def read_json_notice(path: Path, name: str) -> Document:
    decoded, warnings = decode_text(path.read_bytes())
    try:
        data = json.loads(decoded)
    except json.JSONDecodeError as exc:
        raise DocumentReadError(f"not valid JSON: {exc}") from exc
    return json_notice_document(data, name, warnings)


def json_notice_document(data: object, name: str, warnings: list[str] | None = None) -> Document:
    """The document of parsed notice JSON: what `read_json_notice` gives for a file holding `data`.
    A record of an export is read this way where it is, without a file written and parsed again."""
    records = _records(data)
    if not records:
        raise DocumentReadError("JSON without a BOAMP notice (no 'donnees', eForms or BOAMP fields)")
    texts, metas = [], []
    for record, donnees in records:
        text, meta = record_text(record, donnees)
        texts.append(text)
        metas.append(meta)
    return _document(name, texts, meta=metas, warnings=warnings)


def _records(data: object) -> list[tuple[dict, dict | None]]:
    """The notice records of a JSON file, each with its `donnees` parsed (once: it is a JSON string)."""
    if isinstance(data, dict) and isinstance(data.get("results"), list):  # an API response page
        data = data["results"]
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        return []
    records = [(r, _donnees(r)) for r in data if isinstance(r, dict)]
    return [(r, d) for r, d in records if d is not None or _is_notice(r)]


def _is_notice(d: dict) -> bool:
    return bool({"EFORMS", "FNSimple", "IDENTITE"} & set(d))


def _donnees(record: dict) -> dict | None:
    raw = record.get("donnees", (record.get("raw_fields") or {}).get("donnees") if isinstance(record.get("raw_fields"), dict) else None)
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except json.JSONDecodeError:
            return None
    return raw if isinstance(raw, dict) else None


def record_text(record: dict, donnees: dict | None = None) -> tuple[str, dict[str, object]]:
    """Text and flags of one BOAMP API record (or of a bare `donnees` object); `donnees` is the
    record's notice when the caller has parsed it already."""
    if _is_notice(record):
        donnees = record
    elif donnees is None:
        donnees = _donnees(record) or {}
    head = []
    for key, label in (
        ("idweb", "Avis n°"),
        ("reference", "Avis n°"),
        ("objet", "Objet"),
        ("title", "Objet"),
        ("nomacheteur", "Acheteur"),
        ("buyer_name", "Acheteur"),
    ):
        if isinstance(record.get(key), str) and record[key].strip():
            head.append(f"{label} : {record[key].strip()}")
    read = json_boamp_text(donnees)
    if read is None:  # an eForms notice: read from its node tree
        roots: list[Node] = []
        for k, v in donnees.items():
            _add_json_nodes(_local(k), v, roots)
        wrapper = Node(tag="donnees", children=roots)
        read = notice_text(wrapper if len(roots) != 1 else roots[0])
    text, meta = read
    declared = record.get("criteres")
    if isinstance(declared, str) and declared.strip():
        meta["declared_criteria"] = declared
    return "\n".join(dict.fromkeys(head)) + ("\n\n" if head else "") + text, meta


def _document(name: str, texts: list[str], meta: list[dict[str, object]], warnings: list[str] | None = None) -> Document:
    texts = [clean_page_text(t) for t in texts]
    if not any(t.strip() for t in texts):
        raise DocumentReadError("notice without any text")
    paged = len(texts) > 1  # a file of several API records: one "page" per record
    doc = Document.from_page_texts(name, texts, paged=paged, warnings=list(warnings or []))
    doc.metadata["notice"] = meta[0] if len(meta) == 1 else meta
    doc.metadata["ingestion"] = IngestionReport(
        pages=len(texts) if paged else None, pages_with_text=sum(1 for t in texts if t.strip()), chars_per_page=[len(t) for t in texts]
    ).as_dict()
    return doc


def notice_text(root: Node) -> tuple[str, dict[str, object]]:
    """Readable text and structured flags of a notice tree, whatever its schema."""
    eforms = _eforms_root(root)
    if eforms is not None:
        return eforms_text(eforms)
    return boamp_text(root)


def _eforms_root(root: Node) -> Node | None:
    for candidate in [root] + root.children + [c for n in root.children for c in n.children]:
        if candidate.tag in ("ContractNotice", "PriorInformationNotice", "ContractAwardNotice"):
            return candidate
    return None


# --- eForms -----------------------------------------------------------------------------------

# French labels of the eForms codes that matter here (codelists strategic-procurement,
# reserved-procurement, environmental-impact, social-objective of the eForms SDK).
_CODE_FR = {
    "inn-pur": "achat d'innovation",
    "env-imp": "réduction des incidences environnementales",
    "soc-obj": "objectif social",
    "none": "aucun",
    "res-pub-ser": "marché réservé à des organisations remplissant une mission de service public (article 77 de la directive 2014/24/UE)",
    "res-ws": "participation réservée aux ateliers protégés et aux opérateurs économiques dont l'objet est l'intégration sociale et professionnelle",
    "biodiv-eco": "biodiversité et écosystèmes",
    "circ-econ": "transition vers une économie circulaire",
    "clim-adapt": "adaptation au changement climatique",
    "clim-mitig": "atténuation du changement climatique",
    "other": "autre",
    "pollu-prev": "prévention et réduction de la pollution",
    "water-mar": "ressources aquatiques et marines",
    "acc-all": "accessibilité pour tous",
    "et-eq": "égalité ethnique",
    "gen-eq": "égalité entre les hommes et les femmes",
    "hum-right": "droits de l'homme",
    "work-cond": "conditions de travail",
    "disad-emp": "emploi des personnes défavorisées",
    "fair-trade": "commerce équitable",
    "price": "prix",
    "cost": "coût",
    "quality": "qualité",
}
_ADDITIONAL_TYPES = {
    "strategic-procurement": "Marché stratégique (BT-06)",
    "environmental-impact": "Incidence environnementale (BT-774)",
    "social-objective": "Objectif social (BT-775)",
    "gpp-criteria": "Critères des marchés publics écologiques (BT-805)",
}


def _fr(nodes: list[Node]) -> str:
    """The French text among language variants, else the first."""
    for n in nodes:
        if n.attrs.get("languageID", "").upper() in ("FRA", "FR"):
            return n.value()
    return nodes[0].value() if nodes else ""


def _code(node: Node) -> str:
    code = node.value()
    return f"{_CODE_FR[code]} ({code})" if code in _CODE_FR else code


def eforms_text(root: Node) -> tuple[str, dict[str, object]]:
    title = "Avis de marché - attribution (eForms)" if root.tag == "ContractAwardNotice" else "Avis de marché (eForms)"
    lines: list[str] = [title]
    meta: dict[str, object] = {
        "schema": "eForms",
        "strategic_procurement": [],
        "reserved_procurement": [],
        "reserved_execution": [],
        "criteria": [],
    }
    orgs = root.iter("Organization")
    if orgs:
        lines.append("I.1) Nom et adresses")
        for org in orgs:
            company = org.find("Company")
            if company is None:
                continue
            name = _fr(company.find_all("PartyName", "Name"))
            ident = _fr(company.find_all("PartyLegalEntity", "CompanyID"))
            city = _fr(company.find_all("PostalAddress", "CityName"))
            if name:
                lines.append(f"Nom officiel : {name}")
                if ident:
                    lines.append(f"Numéro national d'identification : {ident}")
                if city:
                    lines.append(f"Ville : {city}")
    project = root.find("ProcurementProject")
    if project is not None:
        _project_lines(project, lines, meta, lot="")
    for note in root.find_all("TenderingTerms", "Note") + root.find_all("Note"):
        if note.value():
            lines.append(f"VI.3) Informations complémentaires : {note.value()}")
    for lot in root.find_all("ProcurementProjectLot"):
        lot_id = lot.find("ID").value() if lot.find("ID") else ""
        lines.append("")
        lines.append(f"Lot {lot_id}".strip())
        lot_project = lot.find("ProcurementProject")
        if lot_project is not None:
            _project_lines(lot_project, lines, meta, lot=lot_id)
        terms = lot.find("TenderingTerms")
        if terms is not None:
            _terms_lines(terms, lines, meta, lot_id)
        for crit in lot.iter("AwardingCriterion"):
            _criteria_lines(crit, lines, meta, lot_id)
    return "\n".join(lines).strip(), meta


def _project_lines(project: Node, lines: list[str], meta: dict, lot: str) -> None:
    title = _fr(project.find_all("Name"))
    if title:
        lines.append(f"II.1.1) Intitulé : {title}")
    description = _fr(project.find_all("Description"))
    if description:
        lines.append(f"II.1.4) Description succincte : {description}")
    for kind in project.find_all("ProcurementAdditionalType"):
        code = kind.find("ProcurementTypeCode")
        if code is None:
            continue
        list_name = code.attrs.get("listName", "")
        label = _ADDITIONAL_TYPES.get(list_name)
        if label:
            lines.append(f"{label} : {_code(code)}")
            if list_name == "strategic-procurement":
                meta["strategic_procurement"].append({"lot": lot, "code": code.value()})
            else:
                meta.setdefault(list_name.replace("-", "_"), []).append({"lot": lot, "code": code.value()})
        description = _fr(kind.find_all("ProcurementType"))
        if description:
            lines.append(f"{label or 'Type'} - description : {description}")


def _terms_lines(terms: Node, lines: list[str], meta: dict, lot: str) -> None:
    for request in terms.find_all("TendererQualificationRequest"):
        for req in request.find_all("SpecificTendererRequirement"):
            code = req.find("TendererRequirementTypeCode")
            if code is not None and code.attrs.get("listName") == "reserved-procurement":
                lines.append(f"III.1.5) Marché réservé (BT-71) : {_code(code)}")
                meta["reserved_procurement"].append({"lot": lot, "code": code.value()})
    for req in terms.find_all("ContractExecutionRequirement"):
        code = req.find("ExecutionRequirementCode")
        list_name = code.attrs.get("listName", "") if code is not None else ""
        description = _fr(req.find_all("Description"))
        if list_name == "reserved-execution" and code is not None:
            value = {"yes": "oui", "no": "non"}.get(code.value(), code.value())
            lines.append(f"III.1.5) Exécution réservée à des programmes d'emplois protégés (BT-736) : {value}")
            meta["reserved_execution"].append({"lot": lot, "code": code.value()})
        elif description:
            lines.append(f"III.2.2) Conditions particulières d'exécution : {description}")
    for note in terms.find_all("Note"):
        if note.value():
            lines.append(f"VI.3) Informations complémentaires : {note.value()}")


def _criteria_lines(criterion: Node, lines: list[str], meta: dict, lot: str) -> None:
    subs = criterion.find_all("SubordinateAwardingCriterion")
    if not subs:
        return
    lines.append("II.2.5) Critères d'attribution")
    for sub in subs:
        kind = sub.find("AwardingCriterionTypeCode")
        name = _fr(sub.find_all("Name"))
        description = _fr(sub.find_all("Description"))
        weight = None
        for param in sub.iter("AwardCriterionParameter"):
            numeric = param.find("ParameterNumeric")
            code = param.find("ParameterCode")
            if numeric is not None and numeric.value():
                weight = numeric.value()
                unit = {"per-exa": " %", "poi-exa": " points", "dec-exa": ""}.get(code.value() if code else "", "")
                weight_text = f"{weight}{unit}"
                break
        parts = [(_code(kind).capitalize() if kind is not None else "Critère")]
        if name:
            parts.append(name)
        line = " - ".join(parts)
        if weight is not None:
            line += f" : {weight_text}"
        if description and description != name:
            line += f" ({description})"
        lines.append(f"Critère : {line}")
        meta["criteria"].append(
            {"lot": lot, "type": kind.value() if kind is not None else None, "name": name, "description": description, "weight": weight}
        )


# --- BOAMP (v230 XML, legacy and simplified JSON shapes) ---------------------------------------

# Tags that open a notice section: the section code makes the passage splitter and the
# detectors treat them as in an HTML notice.
_SECTIONS = {
    "IDENTITE": "I.1) Nom et adresses",
    "organisme": "I.1) Nom et adresses",
    "OBJET": "II.1) Étendue du marché",
    "natureMarche": "II.1) Étendue du marché",
    "CRITERES_ATTRIBUTION": "II.2.5) Critères d'attribution",
    "criteresAttrib": "II.2.5) Critères d'attribution",
    "CONDITION_PARTICIPATION": "III.1) Conditions de participation",
    "CONDITION_RELATIVE_MARCHE": "III.2) Conditions liées au marché",
    "CONDITION_PARTICULIERE_EXECUTION": "III.2.2) Conditions particulières d'exécution",
    "RENSEIGNEMENTS_COMPLEMENTAIRES": "VI.3) Informations complémentaires",
    "RENS_COMPLEMENT": "VI.3) Informations complémentaires",
    "PROCEDURE": "IV.1) Description de la procédure",
    "procedure": "IV.1) Description de la procédure",
}
_LABELS = {
    "DENOMINATION": "Nom officiel",
    "nomOfficiel": "Nom officiel",
    "CODE_IDENT_NATIONAL": "Numéro national d'identification",
    "codeIdentificationNational": "Numéro national d'identification",
    "TITRE_MARCHE": "II.1.1) Intitulé",
    "intitule": "II.1.1) Intitulé",
    "OBJET_COMPLET": "II.1.4) Description succincte",
    "description": "II.1.4) Description succincte",
    "CRITERE": "Critère",
    "POIDS": "Pondération",
    "LOTS_RESERVE_POUVOIR_ADJUDICATEUR": "III.1.5) Informations sur les marchés réservés",
    "CRITERES_SOCIAUX_ENV": "Critères sociaux et environnementaux déclarés",
}
_SKIP = {"GESTION"}  # publication bookkeeping: ids, dates, descriptors


_BOAMP_FLAGS = ("CRITERES_SOCIAUX_ENV", "MARCHE_RESERVE_OUI", "PRESTATION_RESERVEE_OUI", "reservationMarche", "CRITERE")


def boamp_text(root: Node) -> tuple[str, dict[str, object]]:
    lines: list[str] = ["Avis de marché (BOAMP)"]
    found = root.iter_tags(_BOAMP_FLAGS)  # one walk of the tree for the five tags below
    flags = {tag: [(n.attrs, n.text, [c.tag for c in n.children]) for n in nodes] for tag, nodes in found.items()}
    _boamp_lines(root, lines, top=True)
    return "\n".join(lines).strip(), _boamp_meta(flags)


def _boamp_meta(found: dict[str, list[tuple[dict[str, str], str, list[str]]]]) -> dict[str, object]:
    """The flags of a BOAMP notice from its elements of the _BOAMP_FLAGS tags, each as (attributes, text,
    its children's tags), in document order."""
    meta: dict[str, object] = {"schema": "BOAMP", "criteria": []}
    declared = [tag for _, _, tags in found["CRITERES_SOCIAUX_ENV"] for tag in tags]
    if declared:
        meta["declared_social_environmental"] = declared
    for reserved in ("MARCHE_RESERVE_OUI", "PRESTATION_RESERVEE_OUI"):
        if found[reserved]:
            meta.setdefault("reserved", []).append(reserved)
    for _, _, tags in found["reservationMarche"]:  # FNSimple: {"reservationMarche": {"non": ""}}
        meta.setdefault("reservation_marche", []).extend(tags)
    for attrs, text, _ in found["CRITERE"]:
        meta["criteria"].append({"name": _one_line(text), "weight": attrs.get("POIDS")})
    return meta


def _boamp_lines(node: Node, lines: list[str], top: bool = False) -> None:
    tag, children = node.tag, node.children
    if tag in _SKIP and not top:
        return
    value = _one_line(node.text) if node.text else ""  # node.value(), without the call for the many empty texts
    if not children:
        _leaf_line(tag, node.attrs, value, lines, top)
        return
    for c in children:  # a loop, not any() over a generator: this runs for every element of every notice
        if c.children or (c.text and not c.text.isspace()):  # a child whose value() is not empty
            break
    else:
        # Flags as empty elements (<TYPE_MARCHE><SERVICE/></TYPE_MARCHE>): one line.
        lines.append(f"{_SECTIONS.get(tag) or _label(tag)} : " + ", ".join(_flag(c.tag) for c in children))
        return
    if tag in _SECTIONS:
        lines.append("")
        lines.append(_SECTIONS[tag])
    if value:
        lines.append(f"{_label(tag)} : {value}")
    for child in children:
        # Most elements are leaves: their line is written here, without the recursive call's own tests.
        if child.children:
            _boamp_lines(child, lines)
        elif child.tag not in _SKIP:
            _leaf_line(child.tag, child.attrs, _one_line(child.text) if child.text else "", lines, False)


def _leaf_line(tag: str, attrs: dict[str, str], value: str, lines: list[str], top: bool) -> None:
    """The line of an element without children ("label : value"; an empty one is a flag: "label : oui")."""
    label = _label(tag)
    if value:
        lines.append(f"{label} : {value}" + (f" ({said})" if attrs and (said := _attrs_text(tag, attrs)) else ""))
    elif not top:
        lines.append(f"{label} : oui" if not label.endswith((" non", " oui")) else label)


def _attrs_text(tag: str, attrs: dict[str, str]) -> str:
    """A leaf's attributes as its line says them: "(pondération 40 %)" for a criterion's weight."""
    if tag == "CRITERE" and attrs.get("POIDS"):
        return f"pondération {attrs['POIDS']} %"
    return ", ".join(f"{_flag(k)} {v}" for k, v in attrs.items() if v and k not in ("schemaLocation", "noNamespaceSchemaLocation"))


# --- BOAMP JSON, read as it is ----------------------------------------------------------------
#
# A `donnees` object gives the text that its node tree (`_add_json_nodes`) gives to `boamp_text`, written
# from the parsed JSON in one walk: building the tree and walking it again cost as much as writing the
# lines. An element is a key and its value, a list value being the element repeated; a dict is an element
# with children, unless its keys are all attributes ("@...") or its text ("#text"). A notice with an eForms
# element anywhere goes through the tree: `notice_text` decides there which schema it is.

_EFORMS_NOTICES = ("ContractNotice", "PriorInformationNotice", "ContractAwardNotice")
_WATCHED = frozenset(_BOAMP_FLAGS + _EFORMS_NOTICES)
_NO_ATTRS: dict[str, str] = {}


class _HasEforms(Exception):
    """Raised by the JSON walk at an eForms notice element: the notice is read through its node tree."""


def json_boamp_text(donnees: dict) -> tuple[str, dict[str, object]] | None:
    """`boamp_text` of the node tree of a `donnees` object (its elements under a "donnees" root, or its one
    element), written from the JSON; None when the tree is to be read instead (an eForms element, an
    attribute or text key at the top, where the tree takes it as an element)."""
    elements: list = []
    key = None  # the key of the first element
    for k, v in donnees.items():
        if k.startswith("@") or k == "#text":
            return None
        elements.extend(_elements(v) if isinstance(v, list) else (v,))
        if key is None and elements:
            key = k
    found: dict[str, list] = {t: [] for t in _BOAMP_FLAGS}
    lines: list[str] = ["Avis de marché (BOAMP)"]
    try:
        if len(elements) != 1:
            _json_element("donnees", donnees, lines, found, top=True)
        elif isinstance(elements[0], dict):
            _json_element(_local(key), elements[0], lines, found, top=True)
        else:
            _json_leaf(_local(key), elements[0], lines, found, top=True)
    except _HasEforms:
        return None
    return "\n".join(lines).strip(), _boamp_meta(found)


def _elements(values: list) -> list:
    """The elements of a list value, nested lists flattened (as `_add_json_nodes` repeats them)."""
    out = []
    for v in values:
        out.extend(_elements(v) if isinstance(v, list) else (v,))
    return out


def _json_element(tag: str, d: dict, lines: list[str], found: dict, top: bool = False) -> bool:
    """Write the lines `_boamp_lines` writes for the node of the element (tag, d) and note its watched
    elements in `found` (each before its children, as `Node.iter_tags` finds them); True when the node is a
    blank leaf (no children, a blank text), what its parent's flag line needs to know.

    The children are written as they come, under the section line; when they turn out to be all blank
    flags (or none), what was written gives way to the one line `_boamp_lines` writes instead."""
    if len(d) == 1 and tag not in _WATCHED:  # a third of the elements: one flag ({"TYPE_MARCHE": {"SERVICE": ""}})
        ((k, v),) = d.items()
        key = _KEYS.get(k) or _key(k)
        if key[2] and isinstance(v, str) and (not v or v.isspace()):
            lines.append(_one_flag_line(tag, key[0]))
            return False
    start = len(lines)
    section = _SECTIONS.get(tag)
    if section:
        lines.append("")
        lines.append(section)
    if tag in _WATCHED:
        _watch(found, tag, _parts(d))
    attrs = _NO_ATTRS
    text = ""
    children = False
    flags: list[str] = []  # the children's tags, while every child is a blank leaf
    blank = True
    for k, v in d.items():
        key = _KEYS.get(k) or _key(k)
        if key is _SPECIAL:
            if k == "#text":
                text = "" if v is None else str(v)
            else:
                if attrs is _NO_ATTRS:
                    attrs = {}
                attrs[_local(k[1:])] = "" if v is None else str(v)
            continue
        t, prefix, plain = key
        if isinstance(v, str):  # most elements: a leaf, its line written here
            children = True
            if blank:
                if v and not v.isspace():
                    blank = False
                else:
                    flags.append(t)
            if plain:
                value = _one_line(v) if v else ""
                lines.append(prefix + value if value else _flag_line(t))
                continue
            if t in _WATCHED:
                _watch(found, t, (_NO_ATTRS, v, []))
            if t not in _SKIP:
                value = _one_line(v) if v else ""
                lines.append(prefix + value if value else _flag_line(t))
            continue
        for x in (v,) if not isinstance(v, list) else _elements(v):
            children = True
            if isinstance(x, dict):
                empty = _scan(t, x, found) if t in _SKIP else _json_element(t, x, lines, found)
            else:
                empty = _json_leaf(t, x, lines, found)
            if blank:
                if empty:
                    flags.append(t)
                else:
                    blank = False
    if not children:
        del lines[start:]
        _leaf_line(tag, attrs, _one_line(text) if text else "", lines, top)
        return not text or text.isspace()
    if blank:  # flags as empty elements (<TYPE_MARCHE><SERVICE/></TYPE_MARCHE>): one line
        del lines[start:]
        lines.append(f"{section or _label(tag)} : " + ", ".join(_flag(t) for t in flags))
    elif text and (value := _one_line(text)):
        lines.insert(start + 2 if section else start, f"{_label(tag)} : {value}")
    return False


def _json_leaf(tag: str, value: object, lines: list[str], found: dict, top: bool = False) -> bool:
    """`_json_element` for an element whose value is not a dict (a string, a number, null)."""
    text = value if isinstance(value, str) else "" if value is None else str(value)
    if tag in _WATCHED:
        _watch(found, tag, (_NO_ATTRS, text, []))
    if top or tag not in _SKIP:
        _leaf_line(tag, _NO_ATTRS, _one_line(text) if text else "", lines, top)
    return not text or text.isspace()


def _scan(tag: str, value: object, found: dict) -> bool:
    """What `_json_element` notes of an element whose lines are skipped (_SKIP): its watched elements."""
    if not isinstance(value, dict):
        return _json_leaf(tag, value, [], found)
    attrs, text, tags = _parts(value)
    if tag in _WATCHED:
        _watch(found, tag, (attrs, text, tags))
    for k, v in value.items():
        if not k.startswith("@") and k != "#text":
            for x in (v,) if not isinstance(v, list) else _elements(v):
                _scan(_local(k), x, found)
    return not tags and (not text or text.isspace())


def _parts(d: dict) -> tuple[dict[str, str], str, list[str]]:
    """The attributes, text and children's tags of the node of a dict element."""
    attrs: dict[str, str] = {}
    text = ""
    tags = []
    for k, v in d.items():
        if k.startswith("@"):
            attrs[_local(k[1:])] = "" if v is None else str(v)
        elif k == "#text":
            text = "" if v is None else str(v)
        else:
            tags.extend([_local(k)] * (len(_elements(v)) if isinstance(v, list) else 1))
    return attrs, text, tags


def _watch(found: dict, tag: str, parts: tuple[dict[str, str], str, list[str]]) -> None:
    if tag in _EFORMS_NOTICES:
        raise _HasEforms(tag)
    found[tag].append(parts)


# What the walk needs of a key, looked up once per distinct key: its element's tag, the start of its line
# ("label : ") and whether it is plain (neither watched nor skipped); _SPECIAL for an attribute or text key.
_SPECIAL = ("", "", False)
_KEYS: dict[str, tuple[str, str, bool]] = {}


def _key(k: str) -> tuple[str, str, bool]:
    if k.startswith("@") or k == "#text":
        return _SPECIAL
    t = _local(k)
    key = (t, f"{_label(t)} : ", t not in _WATCHED and t not in _SKIP)
    if len(_KEYS) < 65536:  # a notice's vocabulary is a few hundred keys; a hostile file does not grow this
        _KEYS[k] = key
    return key


@lru_cache(maxsize=4096)
def _one_flag_line(tag: str, flag: str) -> str:
    """The line of an element whose one child is a blank leaf (`_boamp_lines`'s flag line)."""
    return f"{_SECTIONS.get(tag) or _label(tag)} : {_flag(flag)}"


@lru_cache(maxsize=4096)
def _flag_line(tag: str) -> str:
    """The line of a leaf without a value: "label : oui" (`_leaf_line`)."""
    label = _label(tag)
    return f"{label} : oui" if not label.endswith((" non", " oui")) else label


@lru_cache(maxsize=4096)
def _label(tag: str) -> str:
    return _LABELS.get(tag) or _humanize(tag)


@lru_cache(maxsize=4096)
def _flag(tag: str) -> str:
    return _humanize(tag).lower()


@lru_cache(maxsize=4096)
def _humanize(tag: str) -> str:
    words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", tag).replace("_", " ").replace("-", " ").split()
    text = " ".join(words).lower()
    return text[:1].upper() + text[1:]
