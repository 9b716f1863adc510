"""Tender facts: findings aggregated per tender (DECP considerations, weights, hours, buyer)."""

from analyzer.facts.buyer import Buyer, buyer_from_text
from analyzer.facts.tender import TenderFacts, TenderResult, tender_facts

__all__ = ["Buyer", "TenderFacts", "TenderResult", "buyer_from_text", "tender_facts"]
