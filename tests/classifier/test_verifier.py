"""The verifier: the second stage that decides, for each rule candidate, whether it imposes anything."""

from __future__ import annotations

import json
import re

import pytest

from analyzer.classifier import verifier as V
from analyzer.classifier.store import ModelHashMismatch, card_path
from analyzer.classifier.verifier_training import LabelledRecord, target_role
from analyzer.decision import decide, default_config, load_config
from analyzer.detection import detect
from analyzer.detection.detectors import shipped_rules
from analyzer.detection.finding import Finding
from analyzer.detection.taxonomy import default_taxonomy
from analyzer.passages.model import Passage


def _candidate(sentence: str, **kw) -> V.Candidate:
    base = dict(passage=sentence, heading_path=(), kind="CCAP", position="body", side="social", rule_id="r", rule_instrument="execution_condition")
    return V.Candidate(sentence=sentence, **{**base, **kw})


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        ("Le titulaire doit réaliser 35 heures d'insertion.", "cue=must"),
        ("Le titulaire s'engage à trier ses déchets.", "cue=must"),
        ("Le titulaire est tenu de remettre un bilan.", "cue=must"),
        ("Le pouvoir adjudicateur encourage les candidats à la sobriété.", "cue=weak"),
        ("Le titulaire peut proposer une variante.", "cue=weak"),
        ("Le marché ne comporte pas de clause sociale.", "cue=neg"),
        ("Valeur environnementale : 10 points", "cue=weight"),
    ],
)
def test_modality_and_negation_cues(sentence: str, cue: str) -> None:
    assert cue in V.context_tokens(_candidate(sentence)).split()


def test_no_cue_where_there_is_none() -> None:
    tokens = V.context_tokens(_candidate("Le titulaire trie ses déchets."))
    assert not {"cue=must", "cue=weak", "cue=neg"} & set(tokens.split())


def test_context_tokens_carry_kind_position_and_contents_line() -> None:
    tokens = V.context_tokens(_candidate("1.5 Clause sociale ..... 10", kind="RC", position="toc", on_toc_line=True)).split()
    assert {"kind=RC", "pos=toc", "toc_line", "side=social"} <= set(tokens)


def _candidate_of(text: str, word: str, kind: str) -> V.Candidate:
    passage = Passage(file="t", kind=kind, page=1, start=0, end=len(text), text=text)
    start = text.index(word)
    return V.candidate_for(passage, _finding(start=start, end=start + len(word), quote=word), default_taxonomy())


@pytest.mark.parametrize(
    ("text", "word", "kind", "inside", "outside"),
    [
        # the sentence before is not read: its "ne peut … sans" is no cue of the criterion
        (
            "Le marché ne peut être attribué sans négociation. Un des critères portera sur une évaluation RSE des candidats.",
            "RSE",
            "RC",
            "Un des critères portera sur une évaluation RSE des candidats.",
            "ne peut",
        ),
        # a notice's line is a field: the field before ("… : non") and the one after are not the clause's sentence
        (
            "Marché réservé : non\nConditions d'exécution : le marché comporte une clause sociale d'insertion\nVariantes : non",
            "clause sociale",
            "avis",
            "Conditions d'exécution : le marché comporte une clause sociale d'insertion",
            "non",
        ),
    ],
)
def test_a_candidate_reads_the_sentence_that_holds_its_match(text: str, word: str, kind: str, inside: str, outside: str) -> None:
    sentence = _candidate_of(text, word, kind).sentence
    assert inside in sentence and outside not in sentence


def test_in_a_document_a_line_break_does_not_end_the_sentence() -> None:
    # near miss of the notice: a PDF's lines are wrapped text, the sentence goes on over them
    text = "Le titulaire s'engage à mettre en œuvre\nune clause sociale d'insertion pendant toute la durée du marché."
    assert _candidate_of(text, "clause sociale", "CCAP").sentence == text


def _finding(label: str = "social.insertion", instrument: str = "execution_condition", **kw) -> Finding:
    tax = default_taxonomy()
    base = dict(
        label=label,
        instrument=instrument,
        decp_value=tax.decp_value(label, instrument),
        file="t",
        page=1,
        start=0,
        end=10,
        quote="clause d'insertion",
        score=0.9,
        detector="clauses.social@1",
        rule_id="insertion.clause",
        explanation="rule",
    )
    return Finding(**{**base, **kw})


def _record(decp: tuple[str, ...] = (), role: str | None = None, instrument: str | None = None) -> LabelledRecord:
    return LabelledRecord(
        id="x", source="s", file="f", page=None, buyer="b", text="t", labels=(), instrument=instrument, decp=decp, role=role
    )


@pytest.mark.parametrize(
    ("decp", "role", "side", "instrument", "expected"),
    [
        (("Clause sociale",), None, "social", "execution_condition", "obligation"),
        (("Critère social",), None, "social", "execution_condition", "award_criterion"),  # the label decides, not the rule
        (("Critère environnemental",), None, "social", "award_criterion", "other"),  # the other side imposes nothing here
        ((), "toc", "social", "execution_condition", "toc"),
        ((), None, "social", "execution_condition", "other"),
    ],
)
def test_target_roles_come_from_the_labels(decp, role, side, instrument, expected) -> None:
    assert target_role(_finding(instrument=instrument), _record(decp, role), side) == expected


def test_a_rejected_finding_becomes_a_mention_and_keeps_the_rules_view() -> None:
    f = _finding()
    out = V.apply(f, V.Judgement(role="mention", imposing_role="obligation", p_imposing=0.2), "CCAP", default_taxonomy(), 0.5)
    assert (out.instrument, out.decp_value) == ("mention", None)
    assert V.rules_view(out).decp_value == "Clause sociale"


@pytest.mark.parametrize(
    ("label", "quote", "kept"),
    [
        ("env.ecolabel", "Le papier fourni porte l'Ecolabel européen ou équivalent.", True),
        ("env.ecolabel", "Les produits sont porteurs de l'écolabel européen ou de tout autre label équivalent.", True),
        ("env.ecolabel", "The paper shall bear the EU Ecolabel or equivalent.", True),
        # near misses: a label with no "ou équivalent"; another label of the side that says it
        ("env.ecolabel", "Le papier fourni porte l'Ecolabel européen.", False),
        ("env.waste", "Le titulaire remet un bordereau de suivi ou tout document équivalent.", False),
    ],
)
def test_a_veto_is_set_aside_only_for_a_label_asked_for_or_equivalent(label: str, quote: str, kept: bool) -> None:
    f = _finding(label=label, instrument="technical_specification", quote=quote)
    out = V.apply(f, V.Judgement(role="other", imposing_role="obligation", p_imposing=0.1), "CCTP", default_taxonomy(), 0.5)
    assert (out.decp_value == "Clause environnementale") is kept
    assert ("kept" in out.facts["verifier"]) is kept
    d = decide([out], default_config())
    assert set(d.considerations_environnementales) == ({"Clause environnementale"} if kept else set())


def test_a_confirmed_rule_finding_keeps_the_rules_instrument() -> None:
    f = _finding(label="env.generic")  # the rules said execution condition
    out = V.apply(f, V.Judgement(role="award_criterion", imposing_role="award_criterion", p_imposing=0.9), "RC", default_taxonomy(), 0.5)
    assert (out.instrument, out.decp_value) == ("execution_condition", "Clause environnementale")


@pytest.mark.parametrize(
    ("label", "rule_instrument", "role", "kind", "expected"),
    [
        # an insertion clause the rules filed as a criterion because "Critères" followed it
        ("social.insertion", "award_criterion", "obligation", "AAPC", ("execution_condition", "Clause sociale")),
        # a questionnaire judged in the offers, filed as a clause by the rules
        ("env.generic", "execution_condition", "award_criterion", "RC", ("award_criterion", "Critère environnemental")),
        # an obligation of a CCTP is a technical specification where the label allows it
        ("env.generic", "award_criterion", "obligation", "CCTP", ("technical_specification", "Clause environnementale")),
        # near miss: the verifier agrees with the rules, nothing changes
        ("env.generic", "award_criterion", "award_criterion", "RC", ("award_criterion", "Critère environnemental")),
    ],
)
def test_with_refile_a_confirmed_finding_takes_the_verified_role(label, rule_instrument, role, kind, expected) -> None:
    f = _finding(label=label, instrument=rule_instrument, quote="Questionnaire développement durable : démarche du candidat")
    out = V.apply(f, V.Judgement(role=role, imposing_role=role, p_imposing=0.9), kind, default_taxonomy(), 0.5, refile=True)
    assert (out.instrument, out.decp_value) == expected
    assert V.rules_view(out).instrument == rule_instrument


@pytest.mark.parametrize(
    ("label", "quote", "expected"),
    [
        ("social.insertion", "The contract includes an insertion clause.", "execution_condition"),  # names a clause: no criterion
        # the sentence that names the clause decides, not the criteria that follow it in the quote (notice 35602818, VI.3)
        (
            "env.generic",
            "Les candidats sont informés qu'afin de promouvoir la protection de l'environnement, une clause est prévue au "
            "CCAP.- Le jugement sera effectué à partir des critères notés et pondérés suivants : valeur technique sur 20 points",
            "execution_condition",
        ),
        # near misses: criteria words or a weight beside the clause's name make the criterion; a clause of the other side
        ("social.insertion", "Critère 3 : mise en œuvre de la clause d'insertion (10 %)", "award_criterion"),
        ("env.generic", "Démarche environnementale du candidat", "award_criterion"),
        ("env.generic", "Performance environnementale de l'offre ; la clause d'insertion est au CCAP.", "award_criterion"),
    ],
)
def test_refile_never_makes_a_criterion_of_a_sentence_that_names_a_clause(label: str, quote: str, expected: str) -> None:
    f = _finding(label=label, instrument="execution_condition", quote=quote)
    out = V.apply(f, V.Judgement(role="award_criterion", imposing_role="award_criterion", p_imposing=0.9), "avis", default_taxonomy(), 0.2, refile=True)
    assert out.instrument == expected


def test_refile_never_turns_a_rule_mention_into_a_clause() -> None:
    f = _finding(label="env.generic", instrument="mention")
    assert f.decp_value is None
    out = V.apply(f, V.Judgement(role="obligation", imposing_role="obligation", p_imposing=0.99), "CCAP", default_taxonomy(), 0.5, refile=True)
    assert out.decp_value is None


def test_refile_keeps_the_rules_instrument_when_the_label_cannot_take_the_role() -> None:
    tax = default_taxonomy()
    label = next(name for name, lab in tax.labels.items() if "reservation" in lab.instruments and "award_criterion" not in lab.instruments)
    f = _finding(label=label, instrument="reservation")
    out = V.apply(f, V.Judgement(role="award_criterion", imposing_role="award_criterion", p_imposing=0.9), "AAPC", tax, 0.5, refile=True)
    assert out.instrument == "reservation" and out.decp_value == f.decp_value


def test_a_wide_net_candidate_takes_the_verified_role() -> None:
    f = _finding(label="env.generic", detector="clauses.candidates@1.1.0", rule_id="wide.environment", score=0.3)
    kept = V.apply(f, V.Judgement(role="award_criterion", imposing_role="award_criterion", p_imposing=0.95), "RC", default_taxonomy(), 0.9)
    assert (kept.instrument, kept.decp_value) == ("award_criterion", "Critère environnemental")
    # near miss: below the wide net's threshold it is dropped as noise by verify(), a mention here
    low = V.apply(f, V.Judgement(role="award_criterion", imposing_role="award_criterion", p_imposing=0.6), "RC", default_taxonomy(), 0.9)
    assert low.decp_value is None


def test_combine_yaml_ships_a_mode_that_uses_the_verifier() -> None:
    config = load_config()
    assert config.mode == "verifier" and config.uses_verifier
    assert V.default_verifier_path().is_file(), "the shipped mode needs models/clauses-verifier.skops"
    card = json.loads(card_path(V.default_verifier_path()).read_text(encoding="utf-8"))
    assert card["sha256"] and card["cross_validation"]["scheme"].startswith("GroupKFold by buyer")
    assert V.load() is not None


def test_clauses_combine_config_points_the_decision_elsewhere(tmp_path, monkeypatch) -> None:
    other = tmp_path / "rules.yaml"
    other.write_text("mode: rules\n", encoding="utf-8")
    monkeypatch.setenv("CLAUSES_COMBINE_CONFIG", str(other))
    default_config.cache_clear()
    try:
        assert default_config().mode == "rules"
    finally:
        monkeypatch.delenv("CLAUSES_COMBINE_CONFIG")
        default_config.cache_clear()


def test_a_verifier_whose_hash_differs_from_its_card_is_refused(tmp_path) -> None:
    src = V.default_verifier_path()
    dst = tmp_path / src.name
    dst.write_bytes(src.read_bytes() + b"x")
    card_path(dst).write_text(card_path(src).read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(ModelHashMismatch):
        V.load(dst)


def _decide(text: str, kind: str = "CCAP", position: str = "body") -> set[str]:
    tax = default_taxonomy()
    passages = [Passage(file="t", kind=kind, page=1, start=0, end=len(text), text=text, position=position)]
    found = detect(passages, [*shipped_rules(tax), *V.candidate_detectors()])
    config = load_config()
    judged = V.verify(passages, found, V.load(), tax, config.verifier_threshold, config.wide_net_threshold)
    return set(decide(judged, load_config()).decided_by)


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("Le titulaire devra réaliser 35 heures d'insertion par tranche de 100 000 € de commandes facturées.", "CCAP", {"Clause sociale"}),
        ("Critère n°3 : Performances en matière de protection de l'environnement : 10 %", "RC", {"Critère environnemental"}),
        # near misses the rules alone once kept
        ("Le pouvoir adjudicateur encourage les candidats à faire preuve de sobriété énergétique.", "RC", set()),
        ("Dénomination sociale : SARL Environnement Services, siège social à Lyon", "AE", set()),
        # a notice's field that states the clause, between two fields that say no: not a negation
        (
            "Marché réservé : non\nConditions d'exécution : les accords-cadres comportent des clauses environnementales "
            "dans le cadre de leur exécution.\nVariantes : non",
            "avis",
            {"Clause environnementale"},
        ),
    ],
)
def test_the_shipped_verifier_keeps_obligations_and_drops_words(text: str, kind: str, expected: set[str]) -> None:
    assert _decide(text, kind) == expected


def test_every_cue_is_written_in_lower_case() -> None:
    # They are searched in the lower-cased sentence, without IGNORECASE.
    assert [name for name, rx in V._CUE_PATTERNS.items() if re.search(r"[A-ZÀ-Þ]", rx.pattern) or rx.flags & re.I] == []


def test_cues_in_the_lower_cased_sentence_are_those_of_case_insensitive_patterns() -> None:
    from analyzer.classifier.data import CANDIDATES_PATH
    from analyzer.classifier.verifier_training import read_records

    sentences = [r.text for r in read_records(CANDIDATES_PATH, "candidates")]
    for name, rx in V._CUES.items():
        folded = re.compile(rx.pattern, re.I)
        assert [bool(rx.search(s.lower())) for s in sentences] == [bool(folded.search(s)) for s in sentences], name


def test_each_cue_is_found_where_its_pattern_finds_it() -> None:
    from analyzer.classifier.data import CANDIDATES_PATH
    from analyzer.classifier.verifier_training import read_records

    sentences = [r.text.lower() for r in read_records(CANDIDATES_PATH, "candidates")]
    assert list(V._CUES) == list(V._CUE_PATTERNS)
    for name, rx in V._CUE_PATTERNS.items():
        assert [bool(V._CUES[name].search(s)) for s in sentences] == [bool(rx.search(s)) for s in sentences], name


def _passage(start: int, end: int, file: str = "t") -> Passage:
    return Passage(file=file, kind="CCAP", page=1, start=start, end=end, text="x" * (end - start))


@pytest.mark.parametrize(
    "spans",
    [
        [(0, 10), (10, 20), (25, 30)],  # in order, a gap between two
        [(0, 10), (10, 10), (10, 20)],  # an empty passage where the next one starts
        [(0, 20), (5, 10), (30, 40)],  # overlapping: searched one by one
        [(30, 40), (0, 10)],  # out of order: searched one by one
    ],
)
def test_the_passage_of_a_finding_is_the_one_passage_of_searches_one_by_one(spans: list[tuple[int, int]]) -> None:
    passages = [_passage(a, b) for a, b in spans]
    find = V._passage_finder(passages)
    for start in range(-1, 45):
        f = _finding(start=start, end=start + 1)
        assert find(f) is V.passage_of(f, passages), start
