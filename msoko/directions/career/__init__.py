"""Direction 4: self-determination and career guidance (ЕГЭ; destinations come by monitoring)."""
