"""The trade-war models, one module each (names fixed by design/models.md section 0).

Each module has PARAMS (name -> tradewar.spec.Param), solve(**params) returning a frozen
dataclass with an explain() method, and a docstring telling its story and references.
"""
MODELS = {
    "chokepoint": "M1 Chokepoint coercion game",
    "chicken": "M2 Asymmetric chicken, commitment, risk dominance",
    "taco": "M3 TACO as Bayesian updating",
    "chain_store": "M4 Chain store and reputation",
    "truce": "M5 The truce as a repeated game",
    "rubinstein": "M6 Rubinstein bargaining with an outside option",
    "threat_bargaining": "M7 Nash bargaining with threat points",
    "leverage_window": "M8 A finite window of leverage",
    "attrition": "M9 Reputational war of attrition",
    "brinkmanship": "M10 Brinkmanship",
    "readings": "Capstone: two readings of 2025 tested on the event record",
}
