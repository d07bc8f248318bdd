"""Extensive-form games with perfect information and chance moves.

PUBLIC CONTRACT (other modules rely on these names; internals are free):

    Leaf(payoffs, label="")                      payoffs: tuple, one number per player
    Decision(player, name, moves)                player: int index into Tree.players;
                                                 name: unique str naming the node ("US, after Retaliate");
                                                 moves: tuple of (action_label, child) pairs
    Chance(name, moves)                          moves: tuple of (action_label, probability, child)
    Tree(root, players)                          players: tuple of names, e.g. ("US", "China")
        .nodes()  -> iterator over (path, node), path a tuple of action labels from the root, preorder
        .decision_nodes() -> list of Decision nodes in preorder

    backward_induction(tree) -> Solution         every subgame-perfect equilibrium (SPE)
    Solution (frozen dataclass):
        players, value (payoff tuple at the root under the first SPE),
        choice: dict node name -> chosen action (first SPE, ties broken by move order),
        ties: dict node name -> tuple of all optimal actions (only nodes with more than one),
        equilibria: tuple of dicts (every SPE, each node name -> action),
        path: tuple of action labels along the first SPE's play path,
        values: dict node name -> payoff tuple (continuation value at each decision node)
        explain() -> list[str]: plain sentences generated from the solved tree, deepest node first
    strategic_form(tree) -> NormalFormGame       two-player trees only
    nash_equilibria(tree) -> tuple[FlaggedEquilibrium]
        FlaggedEquilibrium: profile (dict node -> action for both players), payoffs,
        subgame_perfect: bool, noncredible: tuple of node names where the profile prescribes an
        action that is not optimal in that subgame (a threat that would not be carried out)
    to_efg(tree) -> str, from_efg(text) -> Tree  Gambit .efg for perfect-information trees
"""
