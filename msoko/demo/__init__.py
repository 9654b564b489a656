"""The demo municipality: a seeded, realistic synthetic world (generator) and its loader (services)."""
