"""Flags on schools (spec/cli.md `msoko export flags`): signs of unobjective results, the
official 2019 markers, and — with direction 2 — low results, adverse conditions, resilience.
Each flag keeps the findings it stands on, so a specialist can show the evidence."""
