"""The trade-war models, one module each (names fixed by design/models.md section 0).

Each module has PARAMS (name -> tradewar.spec.Param), solve(**params) returning a frozen
dataclass with an explain() method, and a docstring telling its story and references.
"""
MODELS = {
    "chokepoint": "M1 Chokepoint coercion game",
    "chicken": "M2 Asymmetric chicken, commitment, risk dominance",
}
