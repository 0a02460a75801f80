"""How good and how fast: `evaluate` scores records against hand-checked expected records;
`bench` measures extract's speed and memory (`make bench`)."""
