"""The analyses of one project subgraph (:func:`graphchain.model.project_subgraph`), each a plain
function of the graph; :mod:`graphchain.findings` runs them all and assembles the document.

- :func:`~.chains.project_chains` — owner, deepest tier and every chain; :func:`~.chains.party_roles` — who is who
- :func:`~.money.money_table` — received / passed on / wages / other / kept, and break points
- :func:`~.rules.run_rules` — the rules of docs/legal-rules.md A, C, D (one function per rule)
- :func:`~.liability.liabilities` — who must pay each claim and each unpaid record (section B)
- :func:`~.config.load_config` — thresholds: DEFAULTS merged with a TOML file (``rules.example.toml``)

Extortion rings (X-EXTORT, section E) work on the claims graph instead: :mod:`.rings`.
"""
