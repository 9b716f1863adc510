"""The method, in French: definitions, sources, coverage and the profile used (workbook "Méthode" and site page)."""

from __future__ import annotations

from analyzer.reports.scorecard_labels import BASIS_FR
from analyzer.scoring.agec import load_agec


def _n(v: int) -> str:
    return f"{v:,}".replace(",", " ")


def method_sections(card, stored) -> list[tuple[str, list[str]]]:  # noqa: ANN001 - Scorecard, StoredAudit
    p, s = card.profile, card.settings
    found, read = card.coverage["found"], card.coverage["read"]
    targets = []
    for x in p.targets:
        goal = f"cible {x.min_pct:g} %" if x.min_pct is not None else "indicateur sans cible chiffrée"
        base = "en valeur quand les montants sont connus, sinon en nombre (approximation signalée)" if x.basis == "value_else_count" else "en nombre de marchés"
        scope = f" ; seulement : {x.scope.describe_fr()}" if not x.scope.empty else ""
        targets.append(f"{x.fr} : {goal}, {base}{scope}." + (f" {x.note}" if x.note else ""))
    missing = card.coverage["missing"]
    agec = load_agec()
    sections = [
        (
            "Profil utilisé",
            [
                f"{p.fr} (identifiant « {p.id} », fichier {s.where}, version {s.version}).",
                f"Source : {p.source}.",
                f"Marchés concernés : {p.scope.describe_fr()}.",
                *targets,
                f"Années : {card.year if card.year else 'toutes les années de publication'}.",
            ],
        ),
        (
            "Définitions",
            [
                "Ville : une commune, repérée par son code INSEE ; ses marchés sont ceux de la commune, de son CCAS et de sa caisse des écoles.",
                "Intercommunalité (EPCI) : notée à part, sur ses propres marchés, et montrée sur la page de chacune de ses communes membres ; elle n'est jamais ajoutée à une ville.",
                "Autre acheteur : tout acheteur qui n'est ni une ville ni une intercommunalité identifiée (département, hôpital, État, ou acheteur non rattaché à une commune).",
                "Marché trouvé : un marché de l'audit. Marché lu : au moins un de ses documents a été lu. Marché illisible : aucun document lu ; il est compté à part et n'entre dans aucune part.",
                "Marché compté : lu et dans le champ du profil. Applicabilité inconnue : la date, le montant, la nature ou le code CPV manque là où le profil en a besoin ; rien n'est deviné, le marché est compté à part.",
                "Part en nombre : marchés qui ont la clause / marchés comptés. Part en valeur : montant des marchés qui l'ont / montant des marchés comptés au montant connu ; "
                f"utilisée quand au moins {s.value_min_coverage_pct:g} % des marchés comptés ont un montant, sinon la part en nombre est affichée comme approximation.",
                f"Échantillon insuffisant : moins de {card.min_tenders} marchés comptés ; la ville est montrée mais pas classée.",
                "Classement : parmi les villes classées, par nombre de cibles atteintes, puis par progression moyenne vers les cibles (part / cible, plafonnée à 100 %), puis par nombre de marchés comptés.",
                "Considération sociale : clause sociale, critère social ou marché réservé (valeurs DECP). Considération environnementale : clause ou critère environnemental.",
                "Voies légales vers l'ESS : réservation ESS (L2113-15), réservation SIAE ou EA (L2113-12, L2113-13), clauses et critères sociaux. Une préférence ESUS littérale est un risque juridique, compté à part.",
                "Déclaré et trouvé : la déclaration de l'acheteur (BOAMP « critères », DECP, eForms) comparée à ce que les documents montrent.",
                *(
                    [f"SPASER : signalé quand les montants connus d'une année dépassent {s.spaser_min_eur:,.0f} € HT ({s.spaser_source}).".replace(",", " ")]
                    if s.spaser_min_eur
                    else []
                ),
            ],
        ),
        (
            "Couverture",
            [
                f"{_n(found)} marchés trouvés, {_n(read)} lus, {_n(found - read)} illisibles.",
                f"Années de publication : {', '.join(map(str, card.years)) if card.years else 'inconnues'}.",
                *[f"{_n(v)} marchés sans « {k} » (non devinés)." for k, v in missing.items() if v],
                f"Audit : {stored.source} (exécution {stored.run_id}).",
                "Bases de calcul : " + "; ".join(f"{k} = {v}" for k, v in BASIS_FR.items()) + ".",
            ],
        ),
        (
            "Sources",
            [
                f"Référence nationale : {card.baseline.scope_fr}. " + " ".join(f"{b.year} ({'toutes administrations' if b.buyers == 'all' else 'collectivités territoriales'}) : {b.source}." for b in card.baseline.years),
                card.baseline.not_comparable_fr,
                f"Décret AGEC : {agec.source} ; en vigueur le {agec.in_force_from}. Parts transcrites pour {sum(1 for c in agec.categories if c.targets)} catégorie(s) sur {len(agec.categories)} ; les autres sont laissées vides, non devinées.",
                "Communes et intercommunalités : code officiel géographique (INSEE) et BANATIC, via @etalab/decoupage-administratif.",
                "Clauses : lues dans les documents par les règles de clauses (précision et rappel mesurés dans le README, rubrique « Measured accuracy »).",
            ],
        ),
        (
            "Limites",
            [
                "Les montants sont ceux des données (DECP, avis) ; une estimation d'avis n'est pas une dépense.",
                "Seuils européens et exemptions de L2112-2-1 : sans fichier de seuils, un marché de ce champ est « applicabilité inconnue ».",
                "Un petit nombre de marchés ne dit pas la politique d'achat d'une ville : d'où l'échantillon minimal.",
            ],
        ),
    ]
    return sections
